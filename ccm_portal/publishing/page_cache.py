"""Whole-page cache for what anonymous visitors read: published versions and the lists of them.

A version's text never changes, but its page does when a newer version is
published (the "superseded" banner) or the document is withdrawn. Rather than
tracking which pages that touches, every workflow step bumps one generation
number that is part of every key: all cached pages go stale at once, and the
next visitor re-renders. Publishing is rare; reading is not.
"""

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import get_conditional_response

GENERATION_KEY = "publishing:generation"
TIMEOUT = 24 * 60 * 60


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate_all() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 2, timeout=None)


def _key(request) -> str:
    # Hashed: a query string can be long or hold characters a cache key may not.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"publishing:page:{_generation()}:{path}"


def cached_page(request) -> HttpResponse | None:
    entry = cache.get(_key(request))
    if entry is None:
        return None
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def store_page(request, response, timeout: int = TIMEOUT) -> None:
    """Keep a template response once rendered, if it is a success (a 304 or 400 is not kept)."""

    def store(rendered):
        if rendered.status_code == 200:
            headers = {name: rendered[name] for name in ("Content-Type", "ETag", "Cache-Control") if name in rendered}
            cache.set(_key(request), (rendered.content, headers), timeout)

    if isinstance(response, SimpleTemplateResponse):
        response.add_post_render_callback(store)


def for_anonymous_visitors(timeout: int = TIMEOUT):
    """Decorate a class-based view's get(): anonymous visitors are served from the cache (or 304)."""

    def decorator(get):
        @functools.wraps(get)
        def wrapper(view, request, *args, **kwargs):
            if request.user.is_authenticated:
                return get(view, request, *args, **kwargs)
            if (cached := cached_page(request)) is not None:
                return get_conditional_response(request, etag=cached.get("ETag"), response=cached) or cached
            response = get(view, request, *args, **kwargs)
            store_page(request, response, timeout)
            return response

        return wrapper

    return decorator
