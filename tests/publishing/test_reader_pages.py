"""A signed-in reader's version page is kept whole in the shared cache, without their name or CSRF token
(publishing.page_cache.in_reader_layout): what they get must be exactly the page rendered for them, with
their own name and a token that works, and nothing of theirs may be kept for the next reader."""

import pickle
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from publishing.page_cache import CSRF_TOKEN_STAND_IN, READER_NAME_STAND_IN
from publishing.services import document_publish
from tests import factories
from tests.conftest import account_for, signed_in_client

pytestmark = pytest.mark.django_db

URL = reverse("meetings:minutes_version", args=["friends-meeting-2010-11-30", 1])


def without_token(page: str) -> str:
    """The page with its CSRF token blanked: a masked token differs on every request."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', page)


def kept_pages() -> bytes:
    """Every page the cache holds, together (the tests' cache is in the process: conftest.IN_PROCESS_CACHE);
    a signed-in reader's page is kept in segments (layout and document apart)."""
    entries = [pickle.loads(value) for value in cache._cache.values()]  # noqa: S301 - our own test cache
    pages = [entry[1] for entry in entries if isinstance(entry, tuple) and len(entry) > 1]
    return b"".join(
        page if isinstance(page, bytes) else b"".join(page)
        for page in pages
        if isinstance(page, bytes) or (isinstance(page, tuple) and all(isinstance(piece, bytes) for piece in page))
    )


@pytest.fixture
def second_friend_client(contact_list):
    member = factories.ContactListMemberFactory(entry__edition=contact_list)
    return signed_in_client(account_for(member.person, "o'brien <second friend>"))


def test_the_kept_page_is_the_page_rendered_for_the_reader(demo_data, friend_client):
    cache.clear()
    friend_client.get(URL)  # rendered with stand-ins and kept
    kept = friend_client.get(URL)
    # With a message cookie (not a valid one: no message to show) the page is rendered for the reader as
    # any page is, and not kept.
    friend_client.cookies["messages"] = "not a signed message"
    rendered = friend_client.get(URL)
    assert kept.status_code == rendered.status_code == 200
    assert without_token(kept.text) == without_token(rendered.text)
    assert "Sign out friend" in kept.text
    for response in (kept, rendered):
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_each_reader_gets_their_own_name_and_a_token_that_signs_them_out(
    demo_data, friend_client, second_friend_client
):
    cache.clear()
    first = friend_client.get(URL).text
    second = second_friend_client.get(URL).text
    assert "Sign out friend<" in first.replace("</button>", "<") and "second friend" not in first
    # Their name escaped, as the template escapes it.
    assert "Sign out o&#x27;brien &lt;second friend&gt;" in second
    assert READER_NAME_STAND_IN not in second and CSRF_TOKEN_STAND_IN not in second

    checking = Client(enforce_csrf_checks=True)
    checking.cookies = second_friend_client.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second)[1]
    assert checking.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "Sign in" in checking.get(URL).text  # signed out: the token was theirs and valid


def test_nothing_of_a_reader_is_kept(demo_data, friend_client, second_friend_client):
    cache.clear()
    friend_client.get(URL)
    second_friend_client.get(URL)
    kept = kept_pages()
    assert READER_NAME_STAND_IN.encode() in kept
    assert b"friend" not in kept.replace(b"Friends", b"").replace(b"friends", b"")
    tokens = friend_client.cookies["csrftoken"].value, second_friend_client.cookies["csrftoken"].value
    assert not any(token.encode() in kept for token in tokens)


def test_a_reader_with_a_message_is_shown_it_and_it_is_not_kept(demo_data, friend_client):
    cache.clear()
    friend_client.get(URL)
    # A message, as a form leaves it for the next page (the cookie storage, signed).
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage, response = CookieStorage(HttpRequest()), HttpResponse()
    storage._store([Message(constants.SUCCESS, "Your comment was sent.")], response)
    friend_client.cookies["messages"] = response.cookies["messages"].value
    assert "Your comment was sent." in friend_client.get(URL).text
    assert "Your comment was sent." not in friend_client.get(URL).text  # shown once, never kept
    assert b"Sign out" in kept_pages() and b"Your comment was sent." not in kept_pages()


def test_my_groups_is_in_the_layout_of_those_who_have_groups_only(
    friend_client, coordinator_a_user, staff_client, staff_user
):
    minutes = factories.MinutesFactory(summary="The Friends met.", publication_state="internal")
    url = document_publish(document=minutes, by=staff_user).get_absolute_url()
    cache.clear()
    my_groups = f'href="{reverse("workspace:my_groups")}"'
    assert my_groups not in friend_client.get(url).text
    assert my_groups in signed_in_client(coordinator_a_user).get(url).text  # kept apart from the Friends' page
    assert my_groups in staff_client.get(url).text
    assert my_groups not in friend_client.get(url).text


def test_a_document_that_holds_the_stand_ins_shows_them_as_written(friend_client, second_friend_client, staff_user):
    """The reader's name and token are put into the layout only: a text that holds a stand-in (in its
    title or its body) shows it to every reader as written, never their name or their token."""
    written = f"Quoted: {READER_NAME_STAND_IN} and {CSRF_TOKEN_STAND_IN}."
    minutes = factories.MinutesFactory(meeting__title=f"Meeting {READER_NAME_STAND_IN}", summary=written)
    url = document_publish(document=minutes, by=staff_user).get_absolute_url()
    cache.clear()
    for client, name in ((friend_client, "friend"), (second_friend_client, "o&#x27;brien &lt;second friend&gt;")):
        for _ in range(2):  # rendered and kept, then served from the cache
            page = client.get(url).text
            assert written in page
            assert f"Meeting {READER_NAME_STAND_IN}" in page
            assert f"Sign out {name}" in page  # the layout names the reader
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
            assert token != CSRF_TOKEN_STAND_IN and page.count(token) == 1
            assert f"Quoted: {name}" not in page and f"Meeting {name}" not in page
