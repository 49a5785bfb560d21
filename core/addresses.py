"""Addresses of named URLs, reversed once per process for each set of values.

`django.urls.reverse` walks the URL patterns on every call, about 25 µs each: the layout names a dozen
addresses and a page of search hits twenty, so reversing was a fifth of rendering such a page. An
address is a pure function of the URLconf, the active language (the /fr/ and /es/ prefixes), the
script prefix and the values given, none of which a request or the database changes, so it is kept
per process: no data is kept, and nothing here can go stale while the URLconf stays the same (a test
that swaps ROOT_URLCONF gets its own entries, the URLconf being part of the key).
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation


def address(viewname: str, *, language: str | None = None, **kwargs) -> str:
    """`reverse(viewname, kwargs=kwargs)` in `language` (default: the active one), kept for the next call
    with the same values."""
    return _address(
        viewname,
        tuple(kwargs.items()),
        language or translation.get_language(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
    )


# Bounded: search hits name documents by slug, so the values are the site's documents, not the
# requests' (a few thousand at most; the least recently used go first past that).
@functools.lru_cache(maxsize=4096)
def _address(viewname: str, kwargs: tuple, language: str | None, urlconf: str, _script_prefix: str) -> str:
    with translation.override(language):
        return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))
