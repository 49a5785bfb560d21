"""No input gives a 5xx: generated GET parameters on every URL, generated Markdown in every rich-text field.

Hypothesis generates the values: NUL bytes, lone surrogates, brackets, percent
signs, 10,000-character strings, numbers too big for any column, any Unicode.
The URL list and who may open what come from the security suite, so a new URL
is fuzzed as soon as it has a rule there.
"""

import contextlib
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from core.edit_conflicts import current_revision
from core.rich_text import find_unsafe_markup, render_markdown, validate_safe_markdown
from decisions.models import Paragraph
from decisions.open_points import mark_open_points
from meetings.models import Minutes, MinutesSection
from tests import test_security
from tests.conftest import read_file_response, signed_in_client
from tests.test_security import RULES, url_for
from workgroups.models import GroupUpdate, WorkingGroup

# --- Values ----------------------------------------------------------------

# Every GET parameter a view or filter form reads (request.GET in the views,
# the fields of MeetingFilterForm, PublicationFilterForm, EditionCompareForm,
# RedlineForm, the comment page's ?paragraph=, the sign-in page's ?next=), and
# a few any list might grow.
PARAMETERS = [
    "q", "page", "year", "month", "kind", "group", "meeting", "older", "newer",
    "paragraph", "next", "as_of", "slug", "number", "sort", "format",
]  # fmt: skip

AWKWARD_VALUES = [
    "", " ", "\x00", "a\x00b", "\ud800", "x\udfffy", "[", "]", "[venue]", "%", "%00", "%ZZ", "%%", "&", "=",
    "9" * 40, "-1", "0", "1e999", "-1e999", "NaN", "inf", "0x10", "１２", "x" * 10_000, "[" * 10_000,
    "é", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "<script>", "'", '"', "\\", "../", "2010-11-12", "99999-99-99",
    "general-status-and-operation", "friends-meeting-2010-11-30", "msp",
]  # fmt: skip

# Any code point, surrogates included (st.characters() leaves category Cs out by default).
any_character = st.characters(exclude_categories=())
values = st.one_of(
    st.sampled_from(AWKWARD_VALUES),
    st.text(any_character, max_size=40),
    st.integers().map(str),
)
# A query: any of the known parameters, each with its own value, then a few more
# pairs whose names may repeat one of them (?q=a&q=b) or be anything.
queries = st.builds(
    lambda known, more: [*known.items(), *more],
    st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETERS, values)),
    st.lists(st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(any_character, max_size=5)), values), max_size=3),
)
# Always tried on every URL: one awkward value in every parameter at once, each repeated
# (request.GET.get() reads the last value, getlist() both).
EVERY_PARAMETER_AT_ONCE = [
    [(name, "1") for name in PARAMETERS] + [(name, value) for name in PARAMETERS]
    for value in ["\x00", "\ud800", "9" * 40, "-1e999", "x" * 10_000, "[venue]%"]
]


def encoded(text: str) -> str:
    # The test client would refuse a lone surrogate; this is what a client that sends one puts on the wire.
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def query_string(pairs) -> str:
    return "&".join(f"{encoded(name)}={encoded(value)}" for name, value in pairs)


# --- Every URL, every role -------------------------------------------------

# The security suite's fixtures: the demo data with drafts, documents and accounts, and a client per role.
site_snapshot = test_security.site_snapshot
site = test_security.site
clients = test_security.clients
ROLES = ["anonymous", "friend", "coordinator", "staff"]
EXAMPLES_PER_URL = 4  # and the 6 above: × 4 roles × about 60 URLs: some 2,400 requests


def status_of(client, url: str) -> int:
    """The status of a GET, its writes (a PDF rendered on the way) rolled back so every example sees the same data."""
    savepoint = transaction.savepoint()
    try:
        response = client.get(url)
        if response.streaming:
            read_file_response(response)
        return response.status_code
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture
def role_clients(clients):
    """The security suite's clients, answering a server error as a 500 instead of raising it into the test."""
    for client in clients.values():
        client.raise_request_exception = False
    return {role: clients[role] for role in ROLES}


def check_answers_below_500(role_clients, url: str) -> None:
    """A Hypothesis run of its own for one URL: every URL gets its examples (one @given over the test would not)."""

    @settings(max_examples=EXAMPLES_PER_URL, deadline=None, database=None)
    @given(pairs=queries)
    def answers_below_500(pairs):
        address = f"{url}?{query_string(pairs)}"
        for role, client in role_clients.items():
            status = status_of(client, address)
            assert status < 500, f"{role}: GET {address[:300]} → {status}"

    for pairs in EVERY_PARAMETER_AT_ONCE:
        answers_below_500 = example(pairs=pairs)(answers_below_500)
    answers_below_500()


@pytest.mark.django_db
def test_no_get_parameter_gives_a_server_error_on_any_url(role_clients, site):
    for name, (kwargs, _expected) in RULES.items():
        check_answers_below_500(role_clients, url_for(name, kwargs, site))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["/search%00/", "/groups/%00/", "/contacts/2010-11-12%00/", "/meetings/%00/minutes/", "/decisions/x%00/"],
)
def test_a_nul_byte_in_the_path_is_400(client, address):
    client.raise_request_exception = False
    response = client.get(address)
    assert response.status_code == 400
    assert "cannot be read" in response.text


@pytest.mark.django_db
def test_a_nul_byte_in_a_query_is_refused_with_a_message(client):
    client.raise_request_exception = False
    response = client.get("/meetings/?kind=%00")
    assert response.status_code == 400
    assert response.text == "The address holds characters that cannot be read (a NUL byte)."
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response
    # In the address's language.
    assert client.get("/fr/search/?q=%00").text == "L’adresse contient des caractères illisibles (un octet NUL)."


# --- Markdown ----------------------------------------------------------------

MARKDOWN_PIECES = [
    "[venue and location]", "______", "*State Party*", "(State Party)", "from to of", "on September 2011",
    "\n\n", "\n- ", "\n1. ", "> ", "`", "```\n", "<", ">", "&", "&#0;", "&#xD800;", "\x00", "\ud800",
]  # fmt: skip
schemes = st.sampled_from(
    ["http", "https", "mailto", "javascript", "JaVaScRiPt", "java\tscript", " javascript", "data", "ftp", "", "x-1"]
)
hosts = st.one_of(
    st.sampled_from(["example.org", "[venue]", "[v1]", "[::1]", "[", "]", "[::1", "a]b", "%", "%zz", "", "x:y@z"]),
    st.text(any_character, max_size=15),
)
urls = st.one_of(
    st.builds(
        lambda scheme, slashes, host, rest: f"{scheme}:{slashes}{host}{rest}",
        schemes,
        st.sampled_from(["//", "", "/", "///"]),
        hosts,
        st.sampled_from(["", "/", "/[venue]", "?a=[b]", "#[x]", ":99999999999", ":-1", "/a b", "/\x00"]),
    ),
    st.text(any_character, max_size=30),
)
titles = st.sampled_from(["", ' "[venue]"', " 'a>b'", ' "State Party"', ' "___"', ' "x" onclick="y"'])
fragments = st.one_of(
    st.builds(lambda text, url, title: f"[{text}]({url}{title})", st.sampled_from(["x", "[venue]", ""]), urls, titles),
    st.builds(lambda url: f"<{url}>", urls),
    st.builds(lambda url: f'<a href="{url}" title="[venue]">x</a>', urls),
    st.builds(lambda url: f"[x][ref]\n\n[ref]: {url}\n", urls),
    st.sampled_from(MARKDOWN_PIECES),
    st.text(any_character, max_size=20),
)
markdown_texts = st.lists(fragments, max_size=8).map("".join)

# Every Markdown field: (model, field) as stored, rendered on its page, and checked on save where it has validators.
MARKDOWN_FIELDS = [
    (WorkingGroup, "overview"),
    (WorkingGroup, "mandate"),
    (WorkingGroup, "work_plan"),
    (GroupUpdate, "body"),
    (Minutes, "summary"),
    (MinutesSection, "body"),
    (Paragraph, "text"),
    (Paragraph, "closing_text"),
]


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would read them; <mark> left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        if tag != "mark":
            self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, list]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@pytest.mark.parametrize(("model", "field_name"), MARKDOWN_FIELDS, ids=lambda value: getattr(value, "__name__", value))
@settings(max_examples=150, deadline=None)
@given(text=markdown_texts)
def test_markdown_is_checked_and_rendered_without_error_and_marking_leaves_tags_alone(model, field_name, text):
    field = model._meta.get_field(field_name)
    with contextlib.suppress(ValidationError):
        field.run_validators(text)
    with contextlib.suppress(ValidationError):
        validate_safe_markdown(text)
    assert isinstance(find_unsafe_markup(text), list)

    html = render_markdown(text)
    marked = mark_open_points(html)
    assert tags_of(marked) == tags_of(html)
    # What marking adds are whole <mark> elements in the text; removing them gives the HTML back.
    assert re.sub(r'<mark class="open-point">|</mark>', "", marked) == html


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.sampled_from(["javascript", "JAVASCRIPT", "java\tscript", "java\nscript", "\x01javascript", "vbscript"]),
    rest=st.text(
        st.characters(exclude_characters="()[]<> \t\n\r\"'\\", exclude_categories=("Cs", "Cc", "Zs")), max_size=20
    ),
    as_html=st.booleans(),
)
def test_a_script_link_is_refused_whatever_follows_it(scheme, rest, as_html):
    text = f'<a href="{scheme}:{rest}">x</a>' if as_html else f"[x]({scheme}:{rest})"
    with pytest.raises(ValidationError):
        validate_safe_markdown(text)


# --- The cases that were 500s ------------------------------------------------


@pytest.mark.parametrize(
    "text", ["[x](http://[venue])", "<http://[v1]/>", '<a href="http://[::1">x</a>', "[x](https://[venue]:80/a)"]
)
def test_a_link_with_a_bracketed_host_is_checked_without_error(text):
    assert find_unsafe_markup(text) == []
    validate_safe_markdown(text)
    render_markdown(text)


def test_a_script_link_with_a_bracketed_host_is_still_refused():
    with pytest.raises(ValidationError, match="a javascript: link"):
        validate_safe_markdown('<a href="javascript://[venue]/%0Aalert(1)">x</a>')


@pytest.mark.django_db
def test_a_nul_byte_in_a_search_is_no_server_error(client, demo_data):
    client.raise_request_exception = False
    assert client.get("/search/?q=%00").status_code < 500
    assert client.get(reverse("search"), {"q": "planning\x00mission"}).status_code < 500


@pytest.mark.django_db
def test_a_nul_byte_in_a_directory_search_is_no_server_error(friend_client):
    friend_client.raise_request_exception = False
    assert friend_client.get("/contacts/?q=%00").status_code < 500


@pytest.mark.django_db
def test_a_group_page_with_a_bracketed_link_host_is_saved_or_refused_with_a_message(coordinator_a_user, group_a):
    coordinator = signed_in_client(coordinator_a_user)
    coordinator.raise_request_exception = False
    form = {name: getattr(group_a, name) for name in WorkingGroup.PAGE_FIELDS} | {
        "revision": current_revision(group_a),
        "overview": "[x](http://[venue])",
    }
    response = coordinator.post(reverse("workspace:page_edit", args=[group_a.slug]), form)
    assert response.status_code == 302  # saved: the address is http, only the sanitizer drops what it cannot read
    group_a.refresh_from_db()
    assert group_a.overview == "[x](http://[venue])"
