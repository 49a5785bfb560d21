"""Whole-page cache for what anonymous visitors read: published versions, the lists of them, home, search.

Correct in every deployment the README describes, because the cache is shared
by all processes (the database cache by default, Redis with REDIS_URL; see
settings.CACHES) and nothing is kept in one process's memory:

- Every step that changes what a cached page may show (publish, circulate,
  withdraw, a PDF rendered, a record edited in the admin) sets a new
  *generation* in the shared cache once its transaction has committed.
- A page is stored with the generation read *before* it was rendered, and is
  served only while that is still the current generation. A page rendered
  while a step was committing is therefore never served after it.
- The generation is a random token, not a counter: if the cache evicts it,
  the new one matches no stored page, so eviction can only cause a miss.

One cache round trip per request: the generation and the page come in one
`get_many`. Only pages that are the same for every anonymous visitor are
stored: never one that shows a message or carries a CSRF token, nor one
whose view sets a cookie; a visitor who brings a message or a session is
neither served nor stored. A request with a parameter the view does not read
is served fresh and not stored, so junk query strings cannot fill the cache.
Keys carry the local date: pages that say what is upcoming change at midnight.

Pages of signed-in readers are kept under the same generation too, but never
with anything of a reader's in them (`in_reader_layout`): a version's page is
stored once per layout the readers share (signed in, with groups or not) and per what
they may read (drafts or not, decided on each request by the view), rendered
with stand-ins for the reader's name and CSRF token, which are put in on each
request. Parts of pages are kept the same way (`shared_part`).

Each language has its own addresses (/fr/…, /es/…; English unprefixed), so its
pages are stored apart. A first visitor whose browser prefers French or Spanish
is redirected before the stored English page is looked up
(core.languages.LanguageFromAddressMiddleware, placed above
ServeStoredPagesMiddleware), and that middleware also activates the address's
language, which resolving the address here needs.
"""

import functools
import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import conditional_escape, escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

# "~" sorts after every page key: the database cache culls the lowest keys first, so a full cache
# drops pages, not the generation (losing it costs no stale page, but a miss for every page at once).
GENERATION_KEY = "publishing:~generation"
# Pages are served only under the generation they were stored with; the
# timeout just lets the cache drop pages nobody asks for.
TIMEOUT = 24 * 60 * 60
STORED_HEADERS = ("Content-Type", "Content-Language")

T = TypeVar("T")


def invalidate_all() -> None:
    """From now on, every page is rendered afresh (once) for every process."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_on_commit() -> None:
    """Invalidate once the current transaction commits (at once outside one)."""
    transaction.on_commit(invalidate_all)


def current_generation() -> str:
    """The generation pages are stored under now: it changes with every step that changes what the
    public may read (so a job that made something from public records can tell whether it is stale)."""
    return _current_generation(cache.get_many([GENERATION_KEY]))


def _page_key(request) -> str:
    # Hashed: a query string can be long or hold characters a cache key may not. The host is part of it:
    # pages name their own absolute address (hreflang alternates). The language is in the path (/fr/, /es/).
    address = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
    return f"publishing:page:{timezone.localdate().isoformat()}:{path}"


def _current_generation(found: dict) -> str:
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _stored_under_current_generation(key: str) -> tuple[tuple | None, str]:
    """What is stored under `key` if it was stored under the current generation (else None), and that
    generation: one cache round trip."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = _current_generation(found)
    entry = found.get(key)
    return (entry if entry is not None and entry[0] == generation else None), generation


def shared_part(key: str, render: Callable[[], T], *, timeout: int = TIMEOUT) -> T:
    """`render()`, kept in the shared cache under the current generation (one round trip when kept).

    For a part of a page that is the same for every reader `key` names: the caller puts in the key
    everything the part depends on besides the stored data (which any change to sets a new
    generation), above all what the reader may read, decided afresh on each request. Nothing is
    stored when `render` raises (a 404). Stored under the generation read before rendering, so a
    part rendered while a step was committing is never served after it.
    """
    key = f"publishing:part:{key}"
    entry, generation = _stored_under_current_generation(key)
    if entry is not None:
        return entry[1]
    part = render()
    cache.set(key, (generation, part), timeout)
    return part


# Stand-ins for what is the reader's in a stored page: letters only, so escaping leaves them as they are,
# and no text of the portal's holds them.
READER_NAME_STAND_IN = "ccmReaderNameStandIn7f3a"
CSRF_TOKEN_STAND_IN = "ccmCsrfTokenStandIn7f3a"  # noqa: S105 - a placeholder, not a secret


class ReaderInLayout:
    """The signed-in reader as a stored page's layout (base.html) shows them: their name a stand-in, and
    nothing else of theirs (what else the layout shows of them comes from `reader_layout`, which is in the
    key). An attribute the layout asks of `user` and this lacks renders empty, which
    tests/publishing/test_reader_pages.py catches: a stored page must equal the page rendered for the reader."""

    is_authenticated = True
    is_anonymous = False

    def get_username(self) -> str:
        return READER_NAME_STAND_IN

    def __str__(self) -> str:
        return READER_NAME_STAND_IN


def reader_layout(request) -> dict:
    """Context processor: what the layout shows of a signed-in reader besides their name and token, from
    settings.READER_LAYOUT (a domain app decides it: publishing knows no groups)."""
    # No user on a request refused before the authentication middleware ran (a Host not in ALLOWED_HOSTS:
    # the 400 page), as django.contrib.auth's own context processor allows.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return import_string(settings.READER_LAYOUT)(user)


def document_text(layout: dict, value):
    """`value`, text of the document a page shows (its title, its body), for the page's context: as it
    is, except on a page kept by `in_reader_layout`, which keeps it apart from the layout, so that the
    reader's name and token are never put into the document's own words (a text may hold a stand-in)."""
    keep_apart = layout.get(_KEEP_APART)
    return value if keep_apart is None else keep_apart(value)


# The key of `layout` under which in_reader_layout hands document_text its way of keeping text apart.
_KEEP_APART = "_page_cache_keep_apart"


class _KeptApart:
    """Document text met while a kept page renders: each value recorded as the template would show it
    (escaped unless safe) and rendered as a marker no text can hold (a random token of this rendering),
    at which the page is then split into layout and document."""

    def __init__(self):
        self.marker = f"ccmKeptApart{secrets.token_hex(8)}n"
        self.texts: list[bytes] = []

    def __call__(self, value) -> SafeString:
        self.texts.append(str(conditional_escape(value)).encode())
        return mark_safe(f"{self.marker}{len(self.texts) - 1}x")  # noqa: S308 - letters and digits

    def segments(self, content: bytes) -> tuple[bytes, ...]:
        """The page as (layout, document, layout, document, …, layout): layout at even places."""
        pieces = re.split(rb"%s(\d+)x" % re.escape(self.marker.encode()), content)
        return tuple(piece if place % 2 == 0 else self.texts[int(piece)] for place, piece in enumerate(pieces))


def in_reader_layout(request, key: str, render: Callable[[dict], SimpleTemplateResponse]) -> HttpResponse:
    """A signed-in reader's page, kept in the shared cache under the current generation without their name
    or CSRF token, which are put in on each request (one cache round trip when kept).

    `render(layout)` renders the page with `layout` added to its context, and the document's own text
    (title, body) through `document_text(layout, …)`; `key` names everything the page depends on besides
    the stored data, the address and the layout, above all what the reader may read, decided afresh on
    each request by the caller. The page is kept as layout and document apart, and the reader's name and
    token are put into the layout only. A request with parameters, a pending message or no signed-in
    reader is rendered as usual (`render({})`) and not stored.
    """
    if not request.user.is_authenticated or request.GET or "messages" in request.COOKIES:
        return render({})
    layout = ",".join(f"{name}={value}" for name, value in sorted(reader_layout(request).items()))
    # "reader-page-parts": kept as segments (layout and document apart); the whole pages kept before
    # under "reader-page" are never read as such.
    key = f"publishing:reader-page-parts:{key}:{layout}:{_page_key(request)}"
    entry, generation = _stored_under_current_generation(key)
    rendered = None
    if entry is None:
        kept_apart = _KeptApart()
        rendered = render({"user": ReaderInLayout(), "csrf_token": CSRF_TOKEN_STAND_IN, _KEEP_APART: kept_apart})
        rendered.render()
        segments = kept_apart.segments(rendered.content)
        headers = {name: rendered[name] for name in STORED_HEADERS if rendered.has_header(name)}
        if _is_shareable(request, rendered):  # else it is theirs alone (a message, a cookie): served, not stored
            cache.set(key, (generation, segments, headers), TIMEOUT)
    else:
        _generation, segments, headers = entry
    token, reader_name = get_token(request).encode(), escape(request.user.get_username()).encode()
    response = HttpResponse(
        b"".join(
            # The token first: a name cannot then be taken for a stand-in.
            piece.replace(CSRF_TOKEN_STAND_IN.encode(), token).replace(READER_NAME_STAND_IN.encode(), reader_name)
            if place % 2 == 0
            else piece
            for place, piece in enumerate(segments)
        ),
        status=200 if rendered is None else rendered.status_code,
    )
    for name, value in headers.items():
        response[name] = value
    if rendered is not None:
        response.cookies = rendered.cookies
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _brings_nothing(request) -> bool:
    """No session (so nobody is signed in) and no pending message: a visitor like any other."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES  # the cookie message storage's cookie
    )


def _is_shared_request(request, reads: frozenset[str]) -> bool:
    """An anonymous visitor who brings nothing of their own and asks with no parameter but those the
    view reads."""
    return not request.user.is_authenticated and _brings_nothing(request) and set(request.GET) <= reads


def _current_page(request) -> HttpResponse | None:
    """The stored page for this request if it is still current, else None (one cache round trip)."""
    entry, _generation = _stored_under_current_generation(_page_key(request))
    if entry is None:
        return None
    response = _from_entry(entry)
    patch_cache_control(response, public=True, no_cache=True)
    return response


def _is_personal(request, response) -> bool:
    """An anonymous visitor's response that is theirs alone: it showed them a message, holds a CSRF
    token of theirs, or sets a cookie."""
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was put in the page
        or (messages is not None and messages.used)  # a message was shown
    )


def _is_shareable(request, response) -> bool:
    """A success with nothing in it that belongs to this visitor."""
    return response.status_code == 200 and not _is_personal(request, response)


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _from_entry(entry) -> HttpResponse:
    _generation, content, headers, etag = entry
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["ETag"] = etag
    return response


def for_anonymous_visitors(*, reads: tuple[str, ...] = (), timeout: int = TIMEOUT):
    """Decorate a class-based view's get(): anonymous visitors are served from the shared cache (or 304).

    `reads`: the GET parameters the view reads. base.html shows the search box's `q` on every page, but
    only search stores pages by it: a `q` on any other page is served fresh, so junk cannot fill the cache.

    Cached pages say `Cache-Control: public, no-cache`: browsers and proxies
    may keep them but ask again each time (a cheap 304), so a withdrawal is
    never hidden behind a copy kept elsewhere.
    """

    def decorator(get):
        @functools.wraps(get)
        def wrapper(view, request, *args, **kwargs):
            if not _is_shared_request(request, frozenset(reads)):
                return get(view, request, *args, **kwargs)
            # ServeStoredPagesMiddleware has looked already; the generation is read again here,
            # before rendering, so that the page is stored under the one it was rendered in.
            key = _page_key(request)
            generation = _current_generation(cache.get_many([GENERATION_KEY]))
            response = get(view, request, *args, **kwargs)

            def store(rendered):
                if _is_shareable(request, rendered):
                    headers = {name: rendered[name] for name in STORED_HEADERS if rendered.has_header(name)}
                    etag = _etag(rendered.content)
                    rendered["ETag"] = etag
                    patch_cache_control(rendered, public=True, no_cache=True)
                    cache.set(key, (generation, rendered.content, headers, etag), timeout)

            if isinstance(response, SimpleTemplateResponse):
                response.add_post_render_callback(store)
            return response

        wrapper.stores_pages = True  # ServeStoredPagesMiddleware looks only where pages are stored
        return wrapper

    return decorator


class ServeStoredPagesMiddleware:
    """Serve a stored page before sessions, CSRF, authentication, URL resolution and the view run.

    Only for a GET or HEAD from a visitor who brings nothing of their own (no session cookie, so not
    signed in; no pending message). A page is stored only by a view that reads the request's
    parameters (`for_anonymous_visitors`), so a lookup by the full path finds nothing else. Placed
    below the middlewares that add the security headers, above the session middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and _brings_nothing(request) and _stores_pages(request.path_info):
            stored = _current_page(request)
            if stored is not None:
                patch_vary_headers(stored, ["Cookie"])
                return stored
        return self.get_response(request)


def _stores_pages(path: str) -> bool:
    """Whether the view at this path stores pages: other pages cost no cache round trip."""
    if len(path) > _REMEMBERED_PATH_LENGTH:
        return _view_stores_pages(path)
    # The language decides which view an address names (/fr/ is French only when French is active).
    return _remembered_view_stores_pages(path, translation.get_language())


def _view_stores_pages(path: str) -> bool:
    try:
        view_class = getattr(resolve(path).func, "view_class", None)
    except Resolver404:
        return False
    return getattr(getattr(view_class, "get", None), "stores_pages", False)


# Which view an address names follows from the code's URLconf alone, never from stored data: remembered in
# each process, as resolving it again was a sixth of serving a stored page. Bounded, and only for addresses
# of a page's length, so that junk addresses cannot fill a worker's memory.
_REMEMBERED_PATH_LENGTH = 300


@functools.lru_cache(maxsize=4096)
def _remembered_view_stores_pages(path: str, _language: str) -> bool:
    return _view_stores_pages(path)


class ReaderDependentHeadersMiddleware:
    """Every page differs between anonymous and signed-in readers, and between signed-in readers.

    So every response varies on the cookie, and a signed-in reader's response is
    `Cache-Control: private`: no shared cache (a proxy, a CDN) keeps one
    reader's page, drafts or name for another.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated or _is_personal(request, response):
            patch_cache_control(response, private=True)
        return response
