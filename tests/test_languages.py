"""The site in English, French and Spanish: addresses, the switcher, the first visit, dates, caches.

English keeps its unprefixed addresses; French and Spanish live under /fr/ and
/es/ (core/languages.py). The words come from catalogues other work fills, so
these tests check the structure (lang, hreflang, the switcher, redirects), the
dates Django writes from its own catalogues, and words only where the
catalogue has them.
"""

from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from core.languages import LanguageFromAddressMiddleware, path_in_language
from demo.accounts import demo_accounts_create
from meetings.models import Meeting
from tests.conftest import read_file_response, signed_in_client
from tests.test_public_pages import AT_MOST, PUBLIC_PAGES

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "es"]
MEETING = "friends-meeting-2010-11-30"
GROUP = "general-status-and-operation"
FRENCH_BROWSER = "fr-CH,fr;q=0.9,en;q=0.8"
SPANISH_BROWSER = "es-ES,es;q=0.9"


class PageParser(HTMLParser):
    """The parts of a page that say its language: <html lang>, hreflang alternates, the switcher."""

    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.alternates: dict[str, str] = {}
        self.switcher: list[dict] = []
        self._in_switcher = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "nav" and "language-switcher" in (attrs.get("class") or ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher.append(attrs)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def parsed(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def in_language(language: str, name: str, *args, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


@pytest.fixture
def demo_accounts(demo_data):
    demo_accounts_create(password="not-used")
    users = get_user_model().objects
    return {"friend": users.get(username="friend"), "coordinator": users.get(username="coordinator")}


def test_english_keeps_its_addresses_and_french_and_spanish_have_their_own():
    assert reverse("home") == "/"
    assert reverse("meetings:meeting_detail", args=[MEETING]) == f"/meetings/{MEETING}/"
    assert in_language("fr", "meetings:meeting_detail", MEETING) == f"/fr/meetings/{MEETING}/"
    assert in_language("es", "workgroups:group_detail", GROUP) == f"/es/groups/{GROUP}/"
    # The switcher's view and the sitemap (which lists every language) stay outside the prefixes.
    assert in_language("fr", "sitemap") == "/sitemap.xml"


PUBLIC = [
    ("home", []),
    ("meetings:meeting_list", []),
    ("meetings:meeting_detail", [MEETING]),
    ("meetings:minutes", [MEETING]),  # the published minutes
    ("meetings:minutes_version", [MEETING, 1]),
    ("workgroups:group_detail", [GROUP]),
    ("decisions:decision_list", []),
    ("search", []),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "args"), PUBLIC)
def test_public_pages_answer_in_french_and_spanish(client, demo_data, language, name, args):
    url = in_language(language, name, *args) + ("?q=meeting" if name == "search" else "")
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    page = parsed(response)
    assert page.html_lang == language
    assert_alternates_and_switcher(page, name, args, language, query="?q=meeting" if name == "search" else "")


def assert_alternates_and_switcher(page: PageParser, name, args, language, query=""):
    expected = {code: "http://testserver" + in_language(code, name, *args) + query for code in ("en", "fr", "es")}
    assert page.alternates == expected | {"x-default": expected["en"]}
    here = in_language(language, name, *args) + query
    assert [link["hreflang"] for link in page.switcher] == ["en", "fr", "es"]
    assert [link["lang"] for link in page.switcher] == ["en", "fr", "es"]
    assert [link.get("aria-current") for link in page.switcher] == [
        "true" if code == language else None for code in ("en", "fr", "es")
    ]
    for link in page.switcher:
        # Plain links through the switcher's view, carrying the page (and its query string) along.
        assert link["href"].startswith(f"/i18n/{link['hreflang']}/?next=")
        assert unquote(link["href"].split("next=", 1)[1]) == here


def test_the_english_pages_are_unchanged_and_say_so(client, demo_data):
    response = client.get(f"/meetings/{MEETING}/")
    assert response.status_code == 200
    page = parsed(response)
    assert page.html_lang == "en"
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    assert "30 November 2010" in response.content.decode()
    assert page.alternates["x-default"] == f"http://testserver/meetings/{MEETING}/"


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    [
        ("friend", "contacts:directory", []),  # the Friends' contact list
        ("coordinator", "workspace:my_groups", []),
        ("coordinator", "workspace:page_edit", [GROUP]),
        ("friend", "meetings:action_point_tracker", []),
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_in_pages_answer_in_french_and_spanish(demo_accounts, language, persona, name, args):
    client = signed_in_client(demo_accounts[persona])
    response = client.get(in_language(language, name, *args))

    assert response.status_code == 200
    page = parsed(response)
    assert page.html_lang == language
    assert_alternates_and_switcher(page, name, args, language)
    # Signed-in pages stay private in every language.
    assert "private" in response["Cache-Control"]


def test_dates_are_written_as_each_language_writes_them(client, demo_data):
    two_msp = Meeting.objects.get(slug="2msp")
    pages = {code: client.get(in_language(code, "meetings:meeting_detail", "2msp")) for code in ("en", "fr", "es")}

    assert "12–16 September 2011" in pages["en"].content.decode()
    assert "12–16 septembre 2011" in pages["fr"].content.decode()
    assert "12–16 de septiembre de 2011" in pages["es"].content.decode()
    friends = {code: client.get(in_language(code, "meetings:meeting_detail", MEETING)) for code in ("fr", "es")}
    assert "30 novembre 2010" in friends["fr"].content.decode()
    assert "30 de noviembre de 2010" in friends["es"].content.decode()
    # The model's label follows the active language; English is the documents' own wording.
    with translation.override("es"):
        assert two_msp.dates_label == "12–16 de septiembre de 2011"
    with translation.override("en"):
        assert two_msp.dates_label == "12–16 September 2011"


def test_numbers_use_each_languages_separators():
    with translation.override("fr"):
        assert number_format(1234.5, 1, force_grouping=True) == "1\u202f234,5"
    with translation.override("es"):
        assert number_format(1234.5, 1, force_grouping=True) == "1\xa0234,5"
    with translation.override("en"):
        assert number_format(1234.5, 1, force_grouping=True) == "1,234.5"


# ---- the switcher's view


def test_the_switcher_remembers_the_choice_and_keeps_the_page_and_its_query(client, demo_data):
    response = client.get("/i18n/fr/", {"next": "/meetings/?year=2011&group=victim-assistance"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/meetings/?year=2011&group=victim-assistance"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    # From a French page to Spanish, and back to English.
    assert client.get("/i18n/es/", {"next": f"/fr/meetings/{MEETING}/"})["Location"] == f"/es/meetings/{MEETING}/"
    back = client.get("/i18n/en/", {"next": f"/es/meetings/{MEETING}/"})
    assert back["Location"] == f"/meetings/{MEETING}/"
    assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/no/such/page/", ""])
def test_the_switcher_never_leaves_the_site_nor_follows_an_address_that_is_no_page(client, db, next_url):
    response = client.get("/i18n/es/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/es/"


def test_an_unknown_language_falls_back_to_english(client, db):
    response = client.get("/i18n/de/", {"next": "/fr/meetings/"})
    assert response["Location"] == "/meetings/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


# ---- the first visit


@pytest.mark.parametrize(("accept", "prefix"), [(FRENCH_BROWSER, "/fr"), (SPANISH_BROWSER, "/es")])
def test_a_first_visit_goes_to_the_browsers_language(client, demo_data, accept, prefix):
    response = client.get("/meetings/", {"year": "2011"}, headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/meetings/?year=2011"
    assert "Accept-Language" in response["Vary"]
    assert client.head("/", headers={"accept-language": accept})["Location"] == f"{prefix}/"


@pytest.mark.parametrize(
    "accept", ["", "en-GB,en;q=0.9,fr;q=0.8", "de-CH,de;q=0.9", "*", "en;q=0.1,fr;q=0", "de, fr;q=0.5"]
)
def test_a_browser_that_prefers_english_or_a_language_the_site_lacks_stays(client, demo_data, accept):
    response = client.get("/", headers={"accept-language": accept})
    expected = 302 if accept == "de, fr;q=0.5" else 200  # German missing, French is the next choice
    assert response.status_code == expected


def test_the_readers_choice_wins_over_the_browser(client, demo_data):
    client.get("/i18n/en/", {"next": "/"})  # picked English with the switcher
    response = client.get("/meetings/", headers={"accept-language": FRENCH_BROWSER})
    assert response.status_code == 200
    assert parsed(response).html_lang == "en"
    client.get("/i18n/es/", {"next": "/"})
    assert client.get("/meetings/")["Location"] == "/es/meetings/"


def test_files_feeds_calendars_and_forms_are_not_redirected(client, published_demo, staff_user):
    french = {"accept-language": FRENCH_BROWSER}
    pdf = client.get(reverse("meetings:minutes_version_pdf", args=[MEETING, 1]), headers=french)
    assert pdf.status_code == 200
    read_file_response(pdf)
    for url in [reverse("meetings:meetings_ics"), reverse("feed"), reverse("sitemap"), "/static/css/site.css"]:
        response = client.get(url, headers=french)
        if response.streaming:
            read_file_response(response)
        assert response.status_code == 200, url
    assert client.post(reverse("login"), {}, headers=french).status_code == 200  # the form, with its errors
    assert client.get("/no/such/page/", headers=french).status_code == 404


# ---- the page cache


def test_the_page_cache_keeps_languages_apart_and_never_answers_a_french_first_visit_in_english(
    client, demo_data, django_assert_num_queries
):
    url = reverse("meetings:minutes_version", args=[MEETING, 1])
    english = client.get(url)  # stored
    french = client.get(f"/fr{url}")  # stored apart
    assert parsed(english).html_lang == "en" and parsed(french).html_lang == "fr"

    with django_assert_num_queries(0):  # both from the cache now
        again = {"en": client.get(url), "fr": client.get(f"/fr{url}")}
    assert again["en"].content == english.content and again["fr"].content == french.content
    assert "Accept-Language" in again["en"]["Vary"] and again["en"]["Content-Language"] == "en"
    assert again["fr"]["Content-Language"] == "fr"

    # A French-preferring first visitor is redirected, not handed the stored English page.
    with django_assert_num_queries(0):
        first_visit = client.get(url, headers={"accept-language": FRENCH_BROWSER})
    assert first_visit.status_code == 302 and first_visit["Location"] == f"/fr{url}"
    spanish = client.get(f"/es{url}")
    assert parsed(spanish).html_lang == "es"
    assert parsed(client.get(url)).html_lang == "en"


# ---- query counts


@pytest.mark.parametrize(("name", "args", "_queries"), PUBLIC_PAGES)
def test_french_pages_take_as_many_queries_as_english_ones(client, demo_data, name, args, _queries):
    counts = {}
    for language in ("en", "fr", "es"):
        url = in_language(language, name, *args) + ("?q=meeting" if name == "search" else "")
        client.get(url)  # warm the content type cache
        cache.clear()  # rendered, not served from the page cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[language] = len(queries)
    if name in AT_MOST:  # search: the French and Spanish text-search configurations find fewer hits in English
        assert counts["fr"] <= counts["en"] and counts["es"] <= counts["en"], counts
    else:
        assert counts["fr"] == counts["en"] == counts["es"], counts


# ---- feeds, calendars, sitemap


def test_the_feed_in_each_language_links_that_languages_pages(client, demo_data):
    english = client.get("/feeds/publications.atom").content.decode()
    french = client.get("/fr/feeds/publications.atom").content.decode()

    assert 'xml:lang="en"' in english and 'xml:lang="fr"' in french
    assert f'href="http://testserver/fr/meetings/{MEETING}/minutes/' in french
    assert "/fr/" not in english
    with translation.override("fr"):
        title = gettext("Convention on Cluster Munitions: intersessional work programme publications")
    assert f"<title>{title}</title>" in french


def test_the_calendar_in_each_language_links_that_languages_pages(client, demo_data):
    french = read_ics(client.get("/fr/meetings/calendar.ics"))
    spanish = read_ics(client.get("/es/meetings/calendar.ics"))

    assert f"URL:http://testserver/fr/meetings/{MEETING}/" in french
    assert f"URL:http://testserver/es/meetings/{MEETING}/" in spanish
    assert "/fr/" not in read_ics(client.get("/meetings/calendar.ics"))


def read_ics(response) -> str:
    assert response.status_code == 200
    body = read_file_response(response) if response.streaming else response.content
    return body.decode().replace("\r\n ", "")


def test_the_sitemap_lists_every_page_in_every_language_with_its_alternates(client, demo_data):
    sitemap = client.get("/sitemap.xml").content.decode()

    for code in ("fr", "es"):
        assert f"<loc>http://testserver/{code}/meetings/{MEETING}/</loc>" in sitemap
        assert f'hreflang="{code}" href="http://testserver/{code}/meetings/{MEETING}/"' in sitemap
    assert f"<loc>http://testserver/meetings/{MEETING}/</loc>" in sitemap
    assert f'hreflang="x-default" href="http://testserver/meetings/{MEETING}/"' in sitemap


def test_the_page_cache_keeps_hosts_apart_since_pages_name_their_absolute_address(client, demo_data, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "www.portal.example"]
    first = client.get("/meetings/", headers={"host": "portal.example"})
    second = client.get("/meetings/", headers={"host": "www.portal.example"})
    assert parsed(first).alternates["fr"] == "http://portal.example/fr/meetings/"
    assert parsed(second).alternates["fr"] == "http://www.portal.example/fr/meetings/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_answers_in_french_and_spanish(staff_client, db, language):
    response = staff_client.get(f"/{language}/admin/")
    assert response.status_code == 200
    assert parsed(response).html_lang == language
    # Django's own admin catalogue: the site administration's title in that language.
    with translation.override(language):
        assert gettext("Site administration") in response.content.decode()


@pytest.mark.parametrize("address", ["//evil.example/", "//evil.example/meetings/?q=1", "/\\evil.example/"])
def test_a_first_visit_is_never_redirected_to_another_site(rf, db, address):
    """A path that a browser reads as another host ("//evil.example/") is answered here, never sent on."""
    for headers in ({"HTTP_ACCEPT_LANGUAGE": "fr"}, {"HTTP_COOKIE": "django_language=es"}):
        request = rf.get("/", **headers)
        request.path_info = request.path = address.split("?")[0]
        request.META["QUERY_STRING"] = address.partition("?")[2]
        response = LanguageFromAddressMiddleware(lambda request: HttpResponse("page"))(request)
        assert response.status_code == 200, response.headers.get("Location")
    assert path_in_language(address, "fr") is None


def test_a_language_refused_with_q_0_is_not_chosen(client, db):
    response = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="fr;q=0")  # "anything but French"
    assert response.status_code == 200


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_error_pages_are_in_the_site_layout_and_the_address_language(client, db, language):
    prefix = "" if language == "en" else f"/{language}"
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    assert f'<html lang="{language}">' in response.text
    with translation.override(language):
        assert gettext("Page not found") in response.text
    assert 'class="language-switcher"' in response.text or "language-switcher" in response.text


def test_the_server_error_page_needs_no_request_context(client, db):
    from django.template.loader import render_to_string

    with translation.override("es"):
        page = render_to_string("500.html")
    assert '<html lang="es">' in page and 'href="/es/"' in page
