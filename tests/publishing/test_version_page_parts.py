"""A version's page but its layout is kept in the shared cache, apart for readers of drafts and for
everyone else (publishing.views.VersionPageView): renewed by every workflow step, never handed to a
reader who may not read what it shows, and a signed-in reader's page still theirs alone."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.services import minutes_circulate, minutes_publish
from tests import factories
from tests.conftest import account_for, signed_in_client
from tests.test_public_pages import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(staff_user, committed):
    """Minutes with two sections, circulated once as draft 1 (comments open)."""
    meeting = factories.MeetingFactory(slug="friends-2013", title="Friends meeting")
    minutes = factories.MinutesFactory(meeting=meeting, summary="The Friends met.", publication_state="internal")
    factories.MinutesSectionFactory(minutes=minutes, position=1, heading="Debrief", body="First wording.")
    factories.MinutesSectionFactory(minutes=minutes, position=2, heading="Next steps", body="To be agreed.")
    with committed():
        minutes_circulate(minutes=minutes, by=staff_user)
    return minutes


@pytest.fixture
def stranger_client(django_user_model):
    """Signed in, but no Friend: an account with no person behind it."""
    return signed_in_client(django_user_model.objects.create_user("stranger", password="x"))


@pytest.fixture
def former_friend_client(contact_list):
    """On an earlier contact list only."""
    earlier = factories.ContactListEditionFactory(as_of=contact_list.as_of.replace(year=contact_list.as_of.year - 1))
    member = factories.ContactListMemberFactory(entry__edition=earlier)
    return signed_in_client(account_for(member.person, "former-friend"))


def draft_url(minutes, number: int) -> str:
    return reverse("meetings:minutes_draft", args=[minutes.meeting.slug, number])


def test_a_friends_minutes_page_takes_the_same_queries_however_much_is_published(
    friend_client, demo_data, django_assert_num_queries
):
    url = reverse("meetings:minutes_version", args=["friends-meeting-2010-11-30", 1])
    friend_client.get(url)  # warm the content type cache
    for _ in range(2):
        cache.clear()
        # the session with its account and the account's standing (person, on the current contact list,
        # posts: one query, workgroups.sessions); the page, not kept yet: minutes with meeting,
        # version, its language versions, all the versions this reader may read
        with django_assert_num_queries(5):
            assert friend_client.get(url).status_code == 200
        # the session with its account and standing: the page is kept, for every Friend
        with django_assert_num_queries(1):
            response = friend_client.get(url)
        assert response.status_code == 200 and "Sign out friend" in response.text
        grow()


def test_a_friend_sees_the_comment_links_of_the_round_open_now(minutes, friend_client, staff_user, committed):
    for _ in range(2):  # rendered, then kept
        assert (
            friend_client.get(draft_url(minutes, 1)).text.count("Comment on this section") == 3
        )  # summary, two sections

    with committed():
        minutes_circulate(minutes=minutes, by=staff_user)  # a new round: draft 2
    superseded = friend_client.get(draft_url(minutes, 1)).text
    assert "This draft was superseded on" in superseded
    assert "Comment on this section" not in superseded
    assert friend_client.get(draft_url(minutes, 2)).text.count("Comment on this section") == 3  # summary, two sections
    assert "Draft 2" in friend_client.get(minutes.get_absolute_url()).text

    with committed():
        minutes_publish(minutes=minutes, by=staff_user)
    published = friend_client.get(minutes.get_absolute_url()).text
    assert "Version 1, published" in published
    assert "Comment on this section" not in friend_client.get(draft_url(minutes, 2)).text


@pytest.mark.parametrize("reader", ["client", "stranger_client", "former_friend_client"])
def test_a_kept_draft_is_never_served_to_a_reader_who_may_not_read_drafts(
    request, minutes, friend_client, staff_user, committed, reader
):
    other = request.getfixturevalue(reader)
    # The Friend has the draft, and the document's page (the draft), kept.
    assert "First wording." in friend_client.get(draft_url(minutes, 1)).text
    assert "First wording." in friend_client.get(minutes.get_absolute_url()).text
    assert other.get(draft_url(minutes, 1)).status_code == 404
    assert other.get(minutes.get_absolute_url()).status_code == 404

    # Circulated again, then published: the Friend's page of version 1 lists the drafts; the other
    # reader's page of it, not one.
    with committed():
        minutes_circulate(minutes=minutes, by=staff_user)
    assert "Comment on this draft" in friend_client.get(minutes.get_absolute_url()).text
    with committed():
        minutes_publish(minutes=minutes, by=staff_user)
    version_url = reverse("meetings:minutes_version", args=[minutes.meeting.slug, 1])
    assert "Draft 2" in friend_client.get(version_url).text
    for url in (version_url, minutes.get_absolute_url()):
        page = other.get(url).text
        assert "First wording." in page
        assert "Draft 1" not in page and "Draft 2" not in page and "Comment on this draft" not in page
    assert other.get(draft_url(minutes, 2)).status_code == 404


def test_a_signed_in_readers_page_stays_private_and_out_of_the_page_cache(
    minutes, friend_client, client, staff_user, committed
):
    response = friend_client.get(minutes.get_absolute_url())
    assert "private" in response["Cache-Control"] and "Sign out friend" in response.text
    # The same address for an anonymous visitor: not the Friend's page (nor the draft).
    assert client.get(minutes.get_absolute_url()).status_code == 404

    with committed():
        minutes_publish(minutes=minutes, by=staff_user)
    version_url = reverse("meetings:minutes_version", args=[minutes.meeting.slug, 1])
    friends = friend_client.get(version_url)
    assert "private" in friends["Cache-Control"] and "Sign out friend" in friends.text
    for _ in range(2):  # rendered, then from the page cache
        anonymous = client.get(version_url)
        assert "public" in anonymous["Cache-Control"]
        assert "Sign out" not in anonymous.text and "Sign in" in anonymous.text
        assert "Draft 1" not in anonymous.text
