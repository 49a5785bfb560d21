"""An agenda is public when its agenda document is: items typed by staff stay theirs until issued."""

import pytest
from django.urls import reverse

from meetings.models import Agenda, Meeting
from meetings.services import REVIEW_TITLE, meeting_add_action_point_review
from publishing.services import document_circulate, document_publish, document_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    meeting = factories.MeetingFactory(slug="friends-2012", title="Friends meeting")
    factories.AgendaItemFactory(meeting=meeting, title="Adoption of the agenda", position=1)
    return meeting


def anonymous_views(client, meeting) -> str:
    """Everything an anonymous visitor can read about the meeting, in one string."""
    urls = [
        meeting.get_absolute_url(),
        reverse("meetings:meeting_ics", args=[meeting.slug]),
        reverse("meetings:meetings_ics"),
        reverse("meetings:calendar_month", args=[meeting.start_date.year, meeting.start_date.month]),
        reverse("meetings:meeting_list"),
        reverse("search") + "?q=agenda",
        reverse("sitemap"),
        reverse("feed"),
        reverse("home"),
    ]
    return "".join(client.get(url).content.decode() for url in urls)


def test_items_typed_before_the_agenda_is_issued_are_for_staff_only(client, friend_client, staff_client, meeting):
    assert "Adoption of the agenda" not in anonymous_views(client, meeting)
    assert "Adoption of the agenda" not in friend_client.get(meeting.get_absolute_url()).text

    staff_page = staff_client.get(meeting.get_absolute_url()).text
    assert "Adoption of the agenda" in staff_page
    assert "Not yet issued: only staff see these items." in staff_page


def test_a_circulated_agenda_is_for_friends_and_marked_draft(client, friend_client, staff_user, meeting):
    document_circulate(document=Agenda.objects.create(meeting=meeting), by=staff_user)

    assert "Adoption of the agenda" not in anonymous_views(client, meeting)
    friend_page = friend_client.get(meeting.get_absolute_url()).text
    assert "Adoption of the agenda" in friend_page
    assert "DRAFT 1</strong>, circulated to the Friends" in friend_page


def test_readers_see_the_items_as_issued_until_the_next_version(client, staff_client, staff_user, meeting):
    agenda = Agenda.objects.create(meeting=meeting)
    document_publish(document=agenda, by=staff_user)
    factories.AgendaItemFactory(meeting=meeting, title="Item added after publication", position=2)

    page = client.get(meeting.get_absolute_url()).text
    assert "Adoption of the agenda" in page
    assert "Item added after publication" not in page
    assert "DRAFT" not in page
    staff_page = staff_client.get(meeting.get_absolute_url()).text
    assert "Item added after publication" in staff_page
    assert "Readers see it as issued in" in staff_page

    document_publish(document=agenda, by=staff_user)
    assert "Item added after publication" in client.get(meeting.get_absolute_url()).text


def test_the_review_of_action_points_added_to_the_next_meeting_stays_unpublished(client, staff_client, meeting):
    earlier = factories.MeetingFactory(kind=Meeting.Kind.FRIENDS, start_date=meeting.start_date.replace(year=2011))
    factories.ActionPointFactory(meeting=earlier, text="Circulate the minutes to the Friends.")
    meeting_add_action_point_review(meeting=meeting)

    public = anonymous_views(client, meeting)
    assert REVIEW_TITLE not in public
    assert "Circulate the minutes to the Friends." not in public
    assert REVIEW_TITLE in staff_client.get(meeting.get_absolute_url()).text


def test_a_withdrawn_agenda_and_minutes_leave_only_their_notices_on_the_meeting_page(client, staff_user, meeting):
    agenda = Agenda.objects.create(meeting=meeting)
    document_publish(document=agenda, by=staff_user)
    minutes = factories.MinutesFactory(meeting=meeting, publication_state="internal")
    factories.ActionPointFactory(meeting=meeting, text="Circulate the minutes to the Friends.")
    document_publish(document=minutes, by=staff_user)
    page = client.get(meeting.get_absolute_url()).text
    assert "Adoption of the agenda" in page and "Circulate the minutes to the Friends." in page

    document_withdraw(document=agenda, by=staff_user, reason="Issued by mistake.")
    document_withdraw(document=minutes, by=staff_user, reason="Issued by mistake.")
    page = client.get(meeting.get_absolute_url()).text
    assert "The agenda was withdrawn on" in page and "The minutes were withdrawn on" in page
    assert "Adoption of the agenda" not in page
    assert "Circulate the minutes to the Friends." not in page
    assert ".pdf" not in page
