"""A PDF's text as its pages place it: pypdf gives each fragment's position (CSS px from the top
left, as WeasyPrint draws), so the body between the page margins reads apart from the running
header above it and the footer below."""

import io
from dataclasses import dataclass, field

from pypdf import PdfReader

from tests.conftest import read_file_response

MM = 96 / 25.4  # CSS px
BODY_TOP, BODY_BOTTOM = 22 * MM, 20 * MM  # inside the page margins (25 mm / 22 mm; the contact list's 16 / 15 mm)


@dataclass
class Fragment:
    x: float
    y: float
    text: str


@dataclass
class Page:
    header: list[Fragment] = field(default_factory=list)
    body: list[Fragment] = field(default_factory=list)
    footer: list[Fragment] = field(default_factory=list)

    @property
    def body_lines(self) -> int:
        return len({round(fragment.y) for fragment in self.body if fragment.text.strip()})

    def text(self, part: str) -> str:
        """The part's words, fragment by fragment."""
        return " ".join(fragment.text.strip() for fragment in getattr(self, part) if fragment.text.strip())

    @property
    def body_text(self) -> str:
        """The body as it reads, its spaces and line breaks kept."""
        return "".join(fragment.text for fragment in self.body)


def pages_of(body: bytes, *, top: float = BODY_TOP, bottom: float = BODY_BOTTOM) -> list[Page]:
    pages = []
    for pdf_page in PdfReader(io.BytesIO(body)).pages:
        height = float(pdf_page.mediabox.height) / 0.75
        page = Page()
        part = page.body

        def place(text, cm, tm, font, size, page=page, height=height):
            nonlocal part
            if text.strip():
                part = page.header if tm[5] < top else page.footer if tm[5] > height - bottom else page.body
            elif part is not page.body:
                return  # white space (in fragments without a position) is kept only in the body's text
            part.append(Fragment(tm[4], tm[5], text))

        pdf_page.extract_text(visitor_text=place)
        pages.append(page)
    return pages


def pdf_of(client, version) -> bytes:
    """A version's PDF as a reader downloads it."""
    response = client.get(version.get_pdf_url())
    assert response.status_code == 200
    return read_file_response(response)
