"""HTML to PDF: the one WeasyPrint call, for every generated file."""

import weasyprint

from publishing.fetcher import BASE_URL, StaticOnlyURLFetcher


def html_to_pdf(page: str, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    """A print page as tagged PDF/UA, fetching nothing but the project's static files."""
    document = weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyURLFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
