"""HTML to PDF: the one WeasyPrint call, for every generated file."""

import weasyprint

from publishing.fetcher import BASE_URL, StaticOnlyURLFetcher
from publishing.pdf_tagging import pdf_ua, record_sources_in_weasyprint

# Every structure element WeasyPrint makes says which HTML element it comes from (pdf_tagging).
record_sources_in_weasyprint()


def html_to_pdf(page: str, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    """A print page as tagged PDF/UA, fetching nothing but the project's static files."""
    document = weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyURLFetcher())
    # WeasyPrint tags page by page; pdf_ua makes the tags follow the document (publishing/pdf_tagging.py).
    return pdf_ua(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
