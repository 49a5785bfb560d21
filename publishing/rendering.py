"""One template per document type renders the document body; the page and the PDF both wrap it."""

import weasyprint
from django.template.loader import render_to_string

from publishing.fetcher import BASE_URL, StaticOnlyURLFetcher
from publishing.models import Publishable, PublishedVersion


def render_document_html(document: Publishable) -> str:
    """The document body as HTML, from its one template: what a version freezes."""
    return render_to_string(document.document_template, document.document_context())


def render_pdf(version: PublishedVersion, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    """The version's frozen HTML in the print layout (A4, running header, page x of y), as tagged PDF."""
    page = render_to_string(
        "pdf/document.html",
        {"version": version, "draft": version.kind == PublishedVersion.Kind.CIRCULATED},
    )
    return html_to_pdf(page, fetcher=fetcher)


def html_to_pdf(page: str, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    """A print page as tagged PDF/UA, fetching nothing but the project's static files."""
    document = weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyURLFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
