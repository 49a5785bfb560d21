"""WeasyPrint loads nothing but the project's static files and data: URLs."""

import contextlib
import datetime
import io
import sys

import pytest
from django.utils import timezone
from pypdf import PdfReader

from publishing.fetcher import StaticOnlyURLFetcher
from publishing.models import PublishedVersion
from publishing.rendering import render_pdf

_watching: list[tuple[str, tuple]] | None = None


def _audit(event, args):
    if _watching is not None and event in {"open", "socket.connect", "socket.getaddrinfo", "urllib.Request"}:
        _watching.append((event, args))


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one records only inside `watched()`


@contextlib.contextmanager
def watched():
    """Record every file opened and every network call made by the code inside."""
    global _watching
    _watching = []
    try:
        yield _watching
    finally:
        _watching = None


PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw=="
HOSTILE = f"""
<style>@import url("file:///etc/passwd"); @import url("http://169.254.169.254/latest/meta-data/x.css");</style>
<link rel="stylesheet" href="https://ccm-portal.invalid/static/../../../../etc/passwd">
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="http://169.254.169.254/latest/meta-data/iam">
<img src="file:///etc/passwd" alt="">
<img src="http://169.254.169.254/latest/meta-data/" alt="">
<img src="/static/../../../etc/passwd" alt="">
<img src="https://example.org/redirect-to-metadata" alt="">
<img src="{PIXEL}" alt="a data: image is fine">
<p>Text of the document.</p>
"""


def hostile_version() -> PublishedVersion:
    return PublishedVersion(
        kind=PublishedVersion.Kind.PUBLISHED,
        number=1,
        title="Hostile",
        reference="TEST",
        document_date=datetime.date(2011, 1, 1),
        html=HOSTILE,
        created_at=timezone.now(),
    )


def test_hostile_references_are_neither_fetched_nor_embedded():
    fetcher = StaticOnlyURLFetcher()
    with watched() as calls:
        pdf = render_pdf(hostile_version(), fetcher=fetcher)

    opened = [str(args[0]) for event, args in calls if event == "open"]
    assert not [path for path in opened if "passwd" in path]
    assert not [event for event, _args in calls if event.startswith("socket")]
    requested = [args[0] for event, args in calls if event == "urllib.Request"]
    assert requested and all(url.startswith("data:") for url in requested)  # only the data: image went through urllib
    assert set(fetcher.blocked) >= {
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/x.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.169.254/latest/meta-data/iam",
        "https://ccm-portal.invalid/etc/passwd",
        "https://example.org/redirect-to-metadata",
    }
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert b"root:x:0:0" not in pdf
    assert "Text of the document." in reader.pages[0].extract_text()


def test_the_print_stylesheet_is_loaded_from_static_files():
    fetcher = StaticOnlyURLFetcher()
    with watched() as calls:
        render_pdf(hostile_version(), fetcher=fetcher)
    opened = [str(args[0]) for event, args in calls if event == "open"]
    assert any(path.endswith("css/print.css") for path in opened)  # from static/ or, collected, STATIC_ROOT
    assert not [url for url in fetcher.blocked if "print.css" in url]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "https://ccm-portal.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://ccm-portal.invalid/static/css/../../../etc/passwd",
        "https://ccm-portal.invalid.evil.example/static/css/print.css",
        "http://ccm-portal.invalid/static/css/print.css",
        "https://ccm-portal.invalid/media/publications/secret.pdf",
        "ftp://ccm-portal.invalid/static/css/print.css",
    ],
)
def test_fetcher_refuses_anything_outside_static(url):
    fetcher = StaticOnlyURLFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.blocked == [url]
