"""Which versions a reader gets, given what the access layer says of them.

Publishing does not know who is a Friend: callers pass `reads_circulated`
(workgroups.access.may_read_circulated), true for readers of circulated drafts.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from publishing.models import Comment, Publishable, PublishedVersion

Kind = PublishedVersion.Kind


def readable_versions(*, reads_circulated: bool) -> QuerySet[PublishedVersion]:
    """Published versions (withdrawn ones show a notice instead of their text); drafts for Friends."""
    versions = PublishedVersion.objects.all()
    if not reads_circulated:
        versions = versions.filter(kind=Kind.PUBLISHED)
    return versions


def documents_prefetch() -> GenericPrefetch:
    """Versions' documents, one query per document type, each loaded with what its URLs need."""
    return GenericPrefetch("document", [model.with_url_data() for model in Publishable.publishable_models()])


def current_public_versions() -> QuerySet[PublishedVersion]:
    """The latest published version of every document that is public now."""
    return PublishedVersion.objects.filter(kind=Kind.PUBLISHED, superseded_at__isnull=True, withdrawn_at__isnull=True)


def language_versions_in_force(language: str | None = None) -> QuerySet[PublishedVersion]:
    """Language versions (translations) readers get: not corrected since, not withdrawn; in `language`
    if given."""
    versions = PublishedVersion.in_all_languages.filter(
        translation_of__isnull=False, superseded_at__isnull=True, withdrawn_at__isnull=True
    )
    return versions.filter(language=language) if language else versions


def reader_language_prefetch(language: str) -> Prefetch:
    """Each original version's language version in `language`, as `.reader_translations` ([] or one),
    without their texts; `shown_in_reader_language` picks it."""
    in_language = language_versions_in_force(language).defer("html", "search_text", "translated_texts", "source_texts")
    return Prefetch("translations", in_language, to_attr="reader_translations")


def shown_in_reader_language(version: PublishedVersion) -> PublishedVersion:
    """The version's prefetched language version (reader_language_prefetch), with its original and
    document attached, else the version itself."""
    if not version.reader_translations:
        return version
    translated = version.reader_translations[0]
    translated.document, translated.translation_of = version.document, version
    return translated


def latest_publications(limit: int, *, language: str) -> list[PublishedVersion]:
    """The newest current public versions, each with its document, each in `language` where it has a
    version in it (2 queries per document type, plus 2)."""
    versions = (
        current_public_versions()
        .defer("html", "search_text")
        .prefetch_related(documents_prefetch(), reader_language_prefetch(language))[:limit]
    )
    return [shown_in_reader_language(version) for version in versions]


def document_for_slug(model: type[Publishable], slug: str) -> Publishable:
    try:
        return model.with_url_data().get(**{model.slug_lookup: slug})
    except model.DoesNotExist:
        raise Http404(f"No {model._meta.verbose_name} here.") from None


def _versions_of(document: Publishable, reads_circulated: bool) -> QuerySet[PublishedVersion]:
    return readable_versions(reads_circulated=reads_circulated).filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    )


def _attach(versions, document: Publishable):
    for version in versions:
        version.document = document  # the versions' URLs need it; saves a query each
    return versions


def version_of(document: Publishable, *, kind: str, number: int, reads_circulated: bool) -> PublishedVersion:
    try:
        version = _versions_of(document, reads_circulated).get(kind=kind, number=number)
    except PublishedVersion.DoesNotExist:
        raise Http404("No such version.") from None
    return _attach([version], document)[0]


def current_version_or_none(document: Publishable, *, reads_circulated: bool) -> PublishedVersion | None:
    """What the document's own URL shows: its latest published version, else (for Friends) its latest draft.

    A draft circulated after publication does not hide the public version.
    """
    # "published" sorts after "circulated": published versions come first.
    version = _versions_of(document, reads_circulated).defer("search_text").order_by("-kind", "-number").first()
    return _attach([version], document)[0] if version else None


def current_version_for(document: Publishable, *, reads_circulated: bool) -> PublishedVersion:
    version = current_version_or_none(document, reads_circulated=reads_circulated)
    if version is None:
        raise Http404("Not published.")
    return version


def versions_of(document: Publishable, *, reads_circulated: bool) -> list[PublishedVersion]:
    """Every version this reader may read, newest first: for the "other versions" list."""
    versions = _versions_of(document, reads_circulated).order_by("-created_at").defer("html", "search_text")
    return _attach(list(versions), document)


def visible_comments(user, document: Publishable) -> QuerySet[Comment]:
    """Staff see every comment on the document; any other reader sees their own."""
    comments = Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    ).select_related("author", "version", "answered_in")
    if user.is_staff:
        return comments
    return comments.filter(author=user) if user.is_authenticated else comments.none()


def comments_by_target(user, document: Publishable, targets) -> list[Comment]:
    """Attach to each target the comments this user may see on it (`.comments`, by stable key);
    return the comments on targets the version no longer has."""
    by_key: dict[str, list[Comment]] = {}
    for comment in visible_comments(user, document):
        by_key.setdefault(comment.target_key, []).append(comment)
    for target in targets:
        target.comments = by_key.pop(target.key, [])
    return [comment for comments in by_key.values() for comment in comments]


def answered_comments_by_version(user, document: Publishable) -> dict[int, list[Comment]]:
    """version id → the comments (that this user may see) which that version answered."""
    answered: dict[int, list[Comment]] = {}
    for comment in visible_comments(user, document).exclude(answered_in=None):
        answered.setdefault(comment.answered_in_id, []).append(comment)
    return answered
