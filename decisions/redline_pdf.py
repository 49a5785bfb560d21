"""The redline of two revisions as a document: one body template for the page and the PDF."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.file_names import safe_file_stem
from decisions.models import RedlinePdf, Revision
from decisions.redline import redline
from decisions.revisions import frozen_paragraphs
from publishing.rendering import html_to_pdf


def redline_document_html(*, older: Revision, newer: Revision) -> str:
    """The body of the redline: title, the two rounds, a key, and the marked paragraphs."""
    lines = redline(frozen_paragraphs(older.paragraphs), frozen_paragraphs(newer.paragraphs))
    changes = sum(1 for line in lines if line.change != "unchanged" or line.moved_from)
    return render_to_string(
        "decisions/redline_document.html",
        {"decision": newer.decision, "older": older, "newer": newer, "lines": lines, "changes": changes},
    )


def redline_pdf_filename(older: Revision, newer: Revision) -> str:
    reference = newer.decision.symbol or newer.decision.title
    return f"{safe_file_stem(reference)}_redline_{older.number}-{newer.number}.pdf"


def redline_pdf_render(*, older: Revision, newer: Revision) -> RedlinePdf:
    """Render the pair's PDF once; both revisions are frozen, so an existing one is kept."""
    existing = RedlinePdf.objects.filter(older=older, newer=newer).first()
    if existing is not None:
        return existing
    page = render_to_string(
        "pdf/redline.html",
        {"older": older, "newer": newer, "body": redline_document_html(older=older, newer=newer)},
    )
    pdf = html_to_pdf(page)
    stored = RedlinePdf(
        older=older, newer=newer, pdf_sha256=hashlib.sha256(pdf).hexdigest(), rendered_at=timezone.now()
    )
    stored.pdf.save(redline_pdf_filename(older, newer), ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # another worker rendered the same pair meanwhile: keep theirs
        stored.pdf.storage.delete(stored.pdf.name)
        return RedlinePdf.objects.get(older=older, newer=newer)
    return stored
