"""One template per document type renders the document body; the page and the PDF both wrap it."""

from django.template.loader import render_to_string
from django.utils import translation

from publishing.fetcher import StaticOnlyURLFetcher
from publishing.models import Publishable, PublishedVersion
from publishing.pdf import html_to_pdf


def render_document_html(document: Publishable) -> str:
    """The document body as HTML, from its one template: what a version freezes. Its fixed words
    (headings, the title block) are in the document's original language, whatever the editor's."""
    with translation.override(document.original_language):
        return render_to_string(document.document_template, document.document_context())


def render_pdf(version: PublishedVersion, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    """The version as tagged PDF, without storing it (benchmarks, tests of the fetcher)."""
    return html_to_pdf(version.pdf_source(), fetcher=fetcher)
