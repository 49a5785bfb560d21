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
from publishing.models import OriginalLanguage, Publishable, PublishedVersion
from publishing.search import search_text_of, version_index

LANGUAGE_NAMES = dict(OriginalLanguage.choices)


def translation_publish(*, original: PublishedVersion, language: str, texts: dict[str, str], by) -> PublishedVersion:
    """Freeze the `language` version of `original` from `texts` (by part key). A language version
    made again of the same original supersedes the earlier one (a corrected translation)."""
    from publishing.tasks import render_version_pdf

    if language not in LANGUAGE_NAMES:
        raise ValidationError(_("There is no language “%(code)s” on this portal.") % {"code": language})
    if original.translation_of_id is not None:
        raise ValidationError(_("A language version is made from the original text, not from another translation."))
    if language == original.language:
        raise ValidationError(
            _("This version is already in %(language)s: it is the original.")
            % {"language": _(LANGUAGE_NAMES[language])}
        )
    document: Publishable = original.document
    parts = document.translation_parts(original)
    if not parts:
        raise ValidationError(_("Documents of this kind have no language versions."))
    missing = [part.label for part in parts if not (texts.get(part.key) or "").strip()]
    if missing:
        raise ValidationError(_("Translate every part; these are empty: %(parts)s.") % {"parts": ", ".join(missing)})
    unsafe = []
    for part in parts:
        if part.multiline:
            try:
                validate_safe_markdown(texts[part.key])
            except ValidationError as error:
                unsafe.append(f"{part.label}: {' '.join(error.messages)}")
    if unsafe:
        raise ValidationError(unsafe)
    known = {part.key for part in parts}
    texts = {key: text.strip() for key, text in texts.items() if key in known}
    now = timezone.now()
    with transaction.atomic():
        original = PublishedVersion.in_all_languages.select_for_update().get(pk=original.pk)
        original.document = document
        if original.withdrawn_at is not None:
            raise ValidationError(_("This version was withdrawn: it gets no language version."))
        with translation.override(language):
            html = render_to_string(document.document_template, document.translated_document_context(original, texts))
            title = document.translated_version_title(original, texts)
            # The document's standing ("adopted at …, 16 September 2011") in the version's language.
            status_note = document.version_status_note if original.status_note else ""
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
            translated_texts=texts,
            title=title[:500],
            reference=original.reference,
            symbol=original.symbol,
            marked_draft=original.marked_draft,
            document_date=original.document_date,
            date_label=original.date_label,
            status_note=status_note[:200],
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
        PublishedVersion.in_all_languages.filter(
            content_type=original.content_type_id,
            object_id=original.object_id,
            kind=original.kind,
            translation_of__isnull=False,
            superseded_at__isnull=True,
            withdrawn_at__isnull=True,
        )
        .filter(Q(translation_of=original) | Q(language=reader, number__lt=original.number))
        .annotate(
            shown_html=Case(
                When(translation_of=original, language=reader, then=F("html")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .defer("html", "search_text", "translated_texts")
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
    found = PublishedVersion.in_all_languages.filter(
        translation_of=version, language=language, superseded_at__isnull=True
    ).first()
    if found is None:
        return version
    found.translation_of, found.document = version, version.document
    return found


def earlier_translation_texts(original: PublishedVersion, language: str) -> dict[str, str]:
    """What a translator starts from: the current `language` version of this version, else the newest
    of the document's (parts not changed since keep their translation, by key), else nothing."""
    in_language = PublishedVersion.in_all_languages.filter(
        content_type=original.content_type_id,
        object_id=original.object_id,
        language=language,
        translation_of__isnull=False,
        superseded_at__isnull=True,
    )
    found = (
        in_language.filter(translation_of=original).values_list("translated_texts", flat=True).first()
        or in_language.order_by("-created_at").values_list("translated_texts", flat=True).first()
    )
    return found or {}
