"""The redline of two revisions as a document: one body template for the page and the PDF."""

from django.template.loader import render_to_string

from decisions.models import RedlinePdf, Revision
from decisions.redline import redline
from decisions.revisions import frozen_paragraphs
from publishing.generated import generated_pdf_store


def redline_document_html(*, older: Revision, newer: Revision) -> str:
    """The body of the redline: title, the two rounds, a key, and the marked paragraphs."""
    lines = redline(frozen_paragraphs(older.paragraphs), frozen_paragraphs(newer.paragraphs))
    changes = sum(1 for line in lines if line.counts)
    return render_to_string(
        "decisions/redline_document.html",
        {"decision": newer.decision, "older": older, "newer": newer, "lines": lines, "changes": changes},
    )


def redline_print_html(*, older: Revision, newer: Revision) -> str:
    """The redline in the print layout: the source of its PDF."""
    return render_to_string(
        "pdf/redline.html",
        {
            "title": f"Redline: {newer.decision.title}, {older.label} to {newer.label}",
            "running_header": f"{newer.label} · redline against {older.label} · {newer.created_at:%-d %B %Y}",
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
