"""Language versions: a version of a document in English, French or Spanish other than its original.

A language version is entered against one original version (its parts: the title, each paragraph
or section, keyed as the original), then frozen like any version: its HTML is the document's
template rendered in that language with the translated texts, with its own PDF (its /Lang, its
hyphenation), under the original's symbol, kind and number. When the original gets a newer
version, the language version says it is outdated until one is made of the newer text.

The reader's language is the URL's (/fr/..., /es/...): a version's address in that language shows
the language version when there is one, else the original with a note (publishing/views.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.rich_text import validate_safe_markdown
from publishing import page_cache
from publishing.models import OriginalLanguage, PublicationState, Publishable, PublishedVersion
from publishing.search import search_text_of, version_index
from publishing.selectors import language_versions_in_force

LANGUAGE_NAMES = dict(OriginalLanguage.choices)


TITLE_MAX_LENGTH = PublishedVersion._meta.get_field("title").max_length


def translation_check(original: PublishedVersion, language: str) -> None:
    """Refuse a language version of `original` in `language` that cannot be made, saying why."""
    if language not in LANGUAGE_NAMES:
        raise ValidationError(_("There is no language “%(code)s” on this portal.") % {"code": language})
    if original.translation_of_id is not None:
        raise ValidationError(_("A language version is made from the original text, not from another translation."))
    if language == original.language:
        raise ValidationError(
            _("This version is already in %(language)s: it is the original.") % {"language": LANGUAGE_NAMES[language]}
        )
    if original.withdrawn_at is not None:
        raise ValidationError(_("This version was withdrawn: it gets no language version."))
    # A version is translated while it is current: its parts are then the text it froze (older ones
    # would be rendered from records that may have changed since, e.g. a draft since adopted).
    if original.superseded_at is not None:
        raise ValidationError(
            _("This version has been superseded: translate the current one (a translation made earlier is kept).")
        )


def translation_publish(*, original: PublishedVersion, language: str, texts: dict[str, str], by) -> PublishedVersion:
    """Freeze the `language` version of `original` from `texts` (by part key). A language version
    made again of the same original supersedes the earlier one (a corrected translation)."""
    from publishing.tasks import render_version_pdf

    translation_check(original, language)
    document: Publishable = original.document
    parts = document.translation_parts(original)
    if not parts:
        raise ValidationError(_("Documents of this kind have no language versions."))
    texts = {part.key: (texts.get(part.key) or "").strip() for part in parts}
    problems = (
        [
            _("Translate every part; these are empty: %(parts)s.")
            % {"parts": ", ".join(str(part.label) for part in parts if not texts[part.key])}
        ]
        if not all(texts.values())
        else []
    )
    for part in parts:
        if part.multiline:
            try:
                validate_safe_markdown(texts[part.key])
            except ValidationError as error:
                problems.append(f"{part.label}: {' '.join(error.messages)}")
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    with transaction.atomic():
        # The document's lock first, as every workflow step takes it: a withdrawal waits for this
        # version (and then withdraws it too), or this waits for the withdrawal and refuses.
        locked = type(document).objects.select_for_update().get(pk=document.pk)
        original = PublishedVersion.in_all_languages.select_for_update().get(pk=original.pk)
        original.document = document
        if locked.publication_state == PublicationState.WITHDRAWN:
            raise ValidationError(_("This document was withdrawn: it gets no language version."))
        translation_check(original, language)
        with translation.override(language):
            html = render_to_string(document.document_template, document.translated_document_context(original, texts))
            title = document.translated_version_title(original, texts)
            reference = document.translated_reference(original, texts)[
                : PublishedVersion._meta.get_field("reference").max_length
            ]
            # The document's standing ("adopted at …, 16 September 2011") in the version's language.
            status_note = document.version_status_note if original.status_note else ""
        if len(title) > TITLE_MAX_LENGTH:
            raise ValidationError(
                _("The title is %(length)d characters long; at most %(limit)d fit.")
                % {"length": len(title), "limit": TITLE_MAX_LENGTH}
            )
        # (Not original.translations: a reverse manager is the default one, which holds originals only.)
        PublishedVersion.in_all_languages.filter(
            translation_of=original, language=language, superseded_at__isnull=True
        ).update(superseded_at=now)
        version = PublishedVersion(
            content_type=original.content_type,
            object_id=original.object_id,
            kind=original.kind,
            number=original.number,
            language=language,
            translation_of=original,
            # Each part's translation with the original's text it translates: the next translator
            # starts from the parts whose original has not changed (earlier_translation_texts).
            translated_texts=texts,
            source_texts={part.key: part.text for part in parts},
            title=title,
            reference=reference,
            symbol=original.symbol,
            marked_draft=original.marked_draft,
            document_date=original.document_date,
            date_label=texts.get("meeting-dates", original.date_label) if original.date_label else "",
            status_note=status_note[: PublishedVersion._meta.get_field("status_note").max_length],
            html=html,
            search_text=search_text_of(html),
            created_at=now,
            created_by=by,
        )
        version.full_clean(validate_constraints=False)  # the constraints are PostgreSQL's to enforce under the lock
        version.save()
        version_index(version)
        page_cache.invalidate_on_commit()
        transaction.on_commit(lambda: render_version_pdf.enqueue(version.pk))
    return version


def language_versions_for_reader(
    original: PublishedVersion, reader: str
) -> tuple[list[PublishedVersion], PublishedVersion | None]:
    """The current language versions of `original` (in the order of LANGUAGES), and the newest
    language version in the reader's language of an earlier version of the same kind (offered,
    marked outdated, when `original` has none in it). One query whatever the reader's language:
    only the text the reader is shown is read (the others' HTML stays in the database).
    """
    rows = (
        language_versions_in_force()
        .filter(content_type=original.content_type_id, object_id=original.object_id, kind=original.kind)
        .filter(Q(translation_of=original) | Q(language=reader, number__lt=original.number))
        .annotate(
            shown_html=Case(
                When(translation_of=original, language=reader, then=F("html")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .defer("html", "search_text", "translated_texts", "source_texts")
        .order_by("-number")
    )
    current, earlier = {}, None
    for row in rows:
        row.document = original.document
        if row.translation_of_id == original.pk:
            row.translation_of = original
            if row.language == reader:
                row.html = row.shown_html  # no second query for the text shown
            current[row.language] = row
        elif earlier is None:
            earlier = row
    return [current[code] for code in LANGUAGE_NAMES if code in current], earlier


def in_reader_language(version: PublishedVersion) -> PublishedVersion:
    """The current language version of `version` in the active language, else `version`. One query,
    also when the reader reads the original's language: a page takes as many queries in every language."""
    language = translation.get_language() or version.language
    found = language_versions_in_force(language).filter(translation_of=version).first()
    if found is None:
        return version
    found.translation_of, found.document = version, version.document
    return found


def earlier_translation_texts(original: PublishedVersion, language: str, parts) -> tuple[dict[str, str], set[str]]:
    """What a translator starts from: the parts of the latest `language` version of the document
    (this version's, else the newest earlier one's) whose original text is the same as now, and the
    keys of the parts translated before whose original has changed since (to translate again)."""
    earlier = (
        language_versions_in_force(language)
        .filter(content_type=original.content_type_id, object_id=original.object_id, kind=original.kind)
        .order_by("-translation_of__number")
        .values_list("translated_texts", "source_texts")
        .first()
    )
    if earlier is None:
        return {}, set()
    translated, sources = earlier[0] or {}, earlier[1] or {}
    kept, changed = {}, set()
    for part in parts:
        if part.key not in translated:
            continue
        if sources.get(part.key) == part.text:
            kept[part.key] = translated[part.key]
        else:
            changed.add(part.key)
    return kept, changed
