"""The reader's language: from the address, chosen with the switcher, or offered by the browser.

English pages keep their unprefixed addresses; French and Spanish live under
/fr/ and /es/ (ccm_portal/urls.py: i18n_patterns). The address alone decides
the language of a page, so a stored page (publishing/page_cache.py, keyed by
address) is the same for everyone who asks for it. Two things move a reader
to another address:

- the switcher on every page (templates/_language_switcher.html): plain links
  to `choose_language`, which records the choice in Django's language cookie
  and redirects to the same page in that language;
- on a first visit (no language cookie yet), a browser whose Accept-Language
  prefers French or Spanish is redirected from an English page to the same
  page in that language. With the cookie, the reader's choice wins.
"""

import functools
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation.trans_real import get_supported_language_variant, parse_accept_lang_header

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def language_of_path(path: str) -> str:
    """The language an address is in: its prefix (/fr/, /es/), or the default (English) without one."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def path_in_language(path: str, language: str) -> str | None:
    """The same page (query string kept) in another language, or None where the address is no page
    of this site. "//evil.example/" reaches Django as a path but a browser reads it as another host:
    never an answer, nor anything with a scheme or host of its own."""
    return paths_in_languages(path, [language])[language]


def paths_in_languages(path: str, languages) -> dict[str, str | None]:
    """path_in_language for each of `languages`, the address resolved once (as translate_url does,
    whose answer each is: the address unchanged where the page has no name to reverse)."""
    return dict(_paths_in_languages(path, tuple(languages), settings.ROOT_URLCONF, settings.LANGUAGE_CODE))


# Every signed-in page asks for its own address in each language (the switcher): the answer depends on
# the address and the URL patterns only (named by the last two arguments), never on stored data, so it
# is kept for the process's life.
@functools.lru_cache(maxsize=4096)
def _paths_in_languages(
    path: str, languages: tuple[str, ...], urlconf: str, default_language: str
) -> dict[str, str | None]:
    nowhere = dict.fromkeys(languages)
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith(("//", "/\\")):
        return nowhere
    address = unquote(parts.path)
    with translation.override(language_of_path(address)):
        try:
            match = resolve(address)
        except Resolver404:
            return nowhere
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    paths = {}
    for language in languages:
        with translation.override(language):
            try:
                translated = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                paths[language] = path
            else:
                paths[language] = urlunsplit(("", "", translated, parts.query, parts.fragment))
    return paths


# Files, feeds and calendars are fetched by programs, not read in a browser: never redirected.
_NOT_PAGES = (settings.STATIC_URL, settings.MEDIA_URL)


def _is_page_address(path: str) -> bool:
    last_segment = path.rsplit("/", 1)[-1]
    return "." not in last_segment and not path.lstrip("/").startswith(
        tuple(prefix.lstrip("/") for prefix in _NOT_PAGES)
    )


def _preferred_language(request) -> str:
    """The reader's choice (the cookie), else the first of the browser's languages the portal has."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen is not None:
        return chosen if chosen in LANGUAGE_CODES else settings.LANGUAGE_CODE
    for accepted, quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if accepted == "*":
            break
        if quality <= 0:  # "fr;q=0": anything but French
            continue
        try:
            return get_supported_language_variant(accepted)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class LanguageFromAddressMiddleware:
    """Activate the address's language, and send a first visitor who prefers French or Spanish there.

    Placed above the stored pages (publishing.page_cache.ServeStoredPagesMiddleware), which resolve
    the address in the active language, and which must not hand the stored English page to a visitor
    this middleware would redirect. Django's LocaleMiddleware, further down, activates the same language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixed = translation.get_language_from_path(request.path_info)
        language = prefixed or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        if not prefixed and request.method in ("GET", "HEAD") and _is_page_address(request.path_info):
            preferred = _preferred_language(request)
            if preferred != language:
                target = path_in_language(request.get_full_path(), preferred)
                if target and target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ["Accept-Language", "Cookie"])
                    return response
        response = self.get_response(request)
        if not prefixed:
            # The same address answers a redirect or the English page depending on these.
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


def choose_language(request, language: str):
    """GET /i18n/<language>/?next=<address>: remember the reader's choice, show them the page in it.

    A GET and plain links, not Django's POST set_language: a form would put a CSRF token in every
    page, and anonymous visitors' pages are stored and shared (publishing/page_cache.py).
    """
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    target = path_in_language(next_url, language)
    if target is None:  # an address that is no page: the home page in that language
        target = path_in_language("/", language) or "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: "Français"
    url: str  # this page in that language, relative
    absolute_url: str
    switch_url: str  # through choose_language, which remembers the choice
    is_current: bool
    is_default: bool  # the x-default alternate: the unprefixed English address


def _language_links(request) -> list[LanguageLink]:
    current = translation.get_language()
    here = request.get_full_path()

    try:
        request.get_host()
        host_allowed = True
    except DisallowedHost:
        host_allowed = False  # the 400 page for a Host not in ALLOWED_HOSTS: no absolute address to build

    links = []
    paths = paths_in_languages(here, [code for code, _name in settings.LANGUAGES])
    for code, name in settings.LANGUAGES:
        url = paths[code]
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url or "",
                absolute_url=request.build_absolute_uri(url) if url and host_allowed else "",
                switch_url=f"{reverse('choose_language', kwargs={'language': code})}?next={quote(here, safe='/')}",
                is_current=code == current,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return links


def languages(request):
    """Template context: `language_links`, this page in every language (the switcher, hreflang alternates).

    Computed only when a template reads it (PDF templates and feeds never do).
    """
    return {"language_links": SimpleLazyObject(lambda: _language_links(request))}
