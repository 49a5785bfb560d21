"""The redline of two revisions as a document: one body template for the page and the PDF."""

from django.template.loader import render_to_string
from django.utils.translation import gettext

from core.dates import long_date
from decisions.models import RedlinePdf, Revision
from decisions.redline import redline
from decisions.revisions import frozen_paragraphs
from decisions.translations import CLOSING
from publishing.generated import generated_pdf_store
from publishing.selectors import language_versions_in_force


def redline_document_html(*, older: Revision, newer: Revision, language: str | None = None) -> str:
    """The body of the redline: title, the two rounds, a key, and the marked paragraphs; in `language`
    when both rounds have a version in it (paragraphs matched by the same keys), else in the original."""
    older_paragraphs, newer_paragraphs = older.paragraphs, newer.paragraphs
    if language:
        older_paragraphs, newer_paragraphs = (
            translated_paragraphs(older, language),
            translated_paragraphs(newer, language),
        )
    lines = redline(frozen_paragraphs(older_paragraphs), frozen_paragraphs(newer_paragraphs))
    changes = sum(1 for line in lines if line.counts)
    return render_to_string(
        "decisions/redline_document.html",
        {"decision": newer.decision, "older": older, "newer": newer, "lines": lines, "changes": changes},
    )


def has_language_versions(older: Revision, newer: Revision, language: str) -> bool:
    """Whether both rounds have a current version in `language` (one query)."""
    found = (
        language_versions_in_force(language)
        .filter(translation_of__in=[older.version_id, newer.version_id])
        .values_list("translation_of", flat=True)
    )
    return set(found) == {older.version_id, newer.version_id}


def translated_paragraphs(revision: Revision, language: str) -> list[dict]:
    """The round's frozen paragraphs with each text in `language`, from its language version's parts
    (decisions/translations.py keys them by paragraph key)."""
    texts = (
        language_versions_in_force(language)
        .filter(translation_of=revision.version_id)
        .values_list("translated_texts", flat=True)
        .get()
    )
    return [
        item
        | {
            "text": texts.get(item["key"], item["text"]),
            "closing_text": texts.get(item["key"] + CLOSING, item["closing_text"]),
        }
        for item in revision.paragraphs
    ]


def redline_print_html(*, older: Revision, newer: Revision) -> str:
    """The redline in the print layout: the source of its PDF."""
    return render_to_string(
        "pdf/redline.html",
        {
            "title": gettext("Redline: %(title)s, %(older)s to %(newer)s")
            % {"title": newer.decision.title, "older": older.label, "newer": newer.label},
            "running_header": gettext("%(newer)s · redline against %(older)s · %(date)s")
            % {"newer": newer.label, "older": older.label, "date": long_date(newer.created_at)},
            "body": redline_document_html(older=older, newer=newer),
            # DRAFT on every page while the text compared to is not final (not yet adopted).
            "draft": newer.version.marked_draft,
        },
    )


def redline_pdf_render(*, older: Revision, newer: Revision, force: bool = False) -> RedlinePdf:
    """Render the pair's PDF once (publishing/generated.py): both revisions are frozen."""
    stored, _created = RedlinePdf.objects.get_or_create(older=older, newer=newer)
    generated_pdf_store(record=stored, force=force)
    return stored
