"""Who may read which version: the one place that decides it."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import QuerySet
from django.http import Http404

from ccm_portal.publishing.models import Publishable, PublishedVersion
from workgroups.selectors import standing_of

Kind = PublishedVersion.Kind


def may_read_circulated(user) -> bool:
    """Circulated drafts are for the Friends (on the current contact list), current post holders and staff.

    An account with no person behind it, or whose person has left the list and
    holds no post, sees only what the public sees.
    """
    return standing_of(user).reads_circulated


def readable_versions(user) -> QuerySet[PublishedVersion]:
    """Published versions (withdrawn ones show a notice instead of their text); drafts for Friends."""
    versions = PublishedVersion.objects.all()
    if not may_read_circulated(user):
        versions = versions.filter(kind=Kind.PUBLISHED)
    return versions


def current_public_versions() -> QuerySet[PublishedVersion]:
    """The latest published version of every document that is public now."""
    return PublishedVersion.objects.filter(kind=Kind.PUBLISHED, superseded_at__isnull=True, withdrawn_at__isnull=True)


def latest_publications(limit: int) -> list[PublishedVersion]:
    """The newest current public versions, each with its document (2 queries per document type, plus 1)."""
    return list(
        current_public_versions()
        .defer("html", "search_text")
        .prefetch_related(
            GenericPrefetch("document", [model.with_url_data() for model in Publishable.publishable_models()])
        )[:limit]
    )


def document_for_slug(model: type[Publishable], slug: str) -> Publishable:
    try:
        return model.with_url_data().get(**{model.slug_lookup: slug})
    except model.DoesNotExist:
        raise Http404(f"No {model._meta.verbose_name} here.") from None


def _versions_of(user, document: Publishable) -> QuerySet[PublishedVersion]:
    return readable_versions(user).filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk
    )


def _attach(versions, document: Publishable):
    for version in versions:
        version.document = document  # the versions' URLs need it; saves a query each
    return versions


def version_of(user, document: Publishable, *, kind: str, number: int) -> PublishedVersion:
    try:
        version = _versions_of(user, document).get(kind=kind, number=number)
    except PublishedVersion.DoesNotExist:
        raise Http404("No such version.") from None
    return _attach([version], document)[0]


def current_version_or_none(user, document: Publishable) -> PublishedVersion | None:
    """What the document's own URL shows: its latest published version, else (for Friends) its latest draft.

    A draft circulated after publication does not hide the public version.
    """
    # "published" sorts after "circulated": published versions come first.
    version = _versions_of(user, document).defer("search_text").order_by("-kind", "-number").first()
    return _attach([version], document)[0] if version else None


def current_version_for(user, document: Publishable) -> PublishedVersion:
    version = current_version_or_none(user, document)
    if version is None:
        raise Http404("Not published.")
    return version


def versions_of(user, document: Publishable) -> list[PublishedVersion]:
    """Every version this user may read, newest first: for the "other versions" list."""
    versions = _versions_of(user, document).order_by("-created_at").defer("html", "search_text")
    return _attach(list(versions), document)
