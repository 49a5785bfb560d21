"""Every answer says how long it may be kept: none without a word, since a cache then guesses.

An answer without Cache-Control may be kept by a browser or a proxy for as long as its heuristics
like (RFC 9111, 4.2.2: a feed or sitemap with Last-Modified, a 404), so a meeting cancelled or an
agenda withdrawn could go on being shown from a copy kept somewhere. Views that know better say so
themselves (a version's page, a stored page, a file, `never_cache`); this middleware gives every
other answer the portal's default: kept, but asked again each time (`no-cache`, a cheap 304 thanks to
the ETag of ConditionalGetMiddleware), `public` for an anonymous visitor's answer with nothing of
theirs in it, `private` for a signed-in reader's or one that carries something of the visitor's (a
cookie, a CSRF token). Every answer it touches varies on the cookie, which decides who is reading.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

# Any of these in Cache-Control is an explicit word on how long the answer may be kept.
_EXPLICIT = ("no-cache", "no-store", "max-age", "s-maxage")


def has_explicit_lifetime(cache_control: str) -> bool:
    """Whether a Cache-Control value says how long the answer may be kept (not just who may keep it)."""
    directives = {part.split("=", 1)[0].strip().lower() for part in cache_control.split(",")}
    return any(directive in directives for directive in _EXPLICIT)


def _is_readers_own(request, response) -> bool:
    """Signed in, or carrying something that is this visitor's alone."""
    user = getattr(request, "user", None)
    return bool(
        (user is not None and user.is_authenticated)
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was put in the answer
    )


class RevalidateByDefaultMiddleware:
    """Give an answer that says nothing of its lifetime `no-cache`, with `public` or `private`.

    Placed above the session middleware (whose session cookie it must see) and below WhiteNoise
    (static files carry their own lifetimes). An answer marked `private` further down stays private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if has_explicit_lifetime(cache_control):
            return response
        if "private" in cache_control.lower() or _is_readers_own(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response
