"""The only way WeasyPrint may load anything: the project's own static files and data: URLs.

Documents are rendered with base URL BASE_URL, so `{% static %}` paths resolve
to it and are read from the static files. Everything else (file://, http(s),
anything reached by a redirect, attachments) is refused without a single byte
being read from disk or network.
"""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The .invalid top-level domain can never resolve (RFC 2606).
BASE_URL = "https://ccm-portal.invalid/"


class BlockedURL(ValueError):
    """A document asked for something outside the project's static files."""


class StaticOnlyURLFetcher(URLFetcher):
    def __init__(self):
        # No protocol, redirect or HTTP handler is ever used: fetch() below decides everything.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.blocked: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.blocked.append(url)
            raise BlockedURL(f"blocked: {url}")
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> str | None:
        parts = urlsplit(url)
        static_prefix = urlsplit(BASE_URL).path + settings.STATIC_URL.lstrip("/")
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(static_prefix):
            return None
        relative = PurePosixPath(unquote(parts.path.removeprefix(static_prefix)))
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            return None
        if settings.DEBUG or not staticfiles_storage.exists(str(relative)):
            return finders.find(str(relative))
        return staticfiles_storage.path(str(relative))
