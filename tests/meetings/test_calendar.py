"""The calendar and the iCalendar feeds, checked with a second, independent parser (vobject)."""

import datetime
import zoneinfo

import pytest
import vobject
from django.urls import reverse

from meetings.models import Meeting
from tests import factories
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db
GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")


def parse_ics(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    calendar = vobject.readOne(response.content.decode())
    return {event.summary.value: event for event in calendar.vevent_list}


def test_feed_has_every_public_meeting_with_times_zones_and_status(client, demo_data):
    events = parse_ics(client, reverse("meetings:meetings_ics"))

    assert len(events) == Meeting.objects.count() == 5
    friends = events["Meeting of the Friends of the President of the 1MSP to the CCM"]
    assert friends.dtstart.value == datetime.datetime(2010, 11, 30, 13, 0, tzinfo=GENEVA)
    assert friends.dtstart.value.utcoffset() == datetime.timedelta(hours=1)
    assert friends.dtend.value == datetime.datetime(2010, 11, 30, 15, 0, tzinfo=GENEVA)
    assert friends.status.value == "CONFIRMED"
    assert friends.location.value == "Palais, room S4, Geneva, Switzerland"
    first_msp = events["First Meeting of States Parties"]
    assert first_msp.dtstart.value == datetime.date(2010, 11, 9)
    assert first_msp.dtend.value == datetime.date(2010, 11, 13)  # exclusive: the day after the last day
    tentative = events["Meeting of the Friends of the President (dates to be confirmed)"]
    assert tentative.status.value == "TENTATIVE"
    assert "end of January / beginning of February 2011" in tentative.description.value
    # all-day over the whole announced window, DTEND exclusive
    assert tentative.dtstart.value == datetime.date(2011, 1, 24)
    assert tentative.dtend.value == datetime.date(2011, 2, 12)
    assert friends.url.value == "http://testserver/meetings/friends-meeting-2010-11-30/"


def test_uid_stays_the_same_when_a_meeting_is_edited(client, demo_data):
    meeting = Meeting.objects.get(slug="2msp")
    before = parse_ics(client, reverse("meetings:meeting_ics", args=["2msp"]))["Second Meeting of States Parties"]

    meeting.title = "Second Meeting of States Parties to the Convention"
    meeting.end_date = datetime.date(2011, 9, 17)
    meeting.save()
    after = parse_ics(client, reverse("meetings:meeting_ics", args=["2msp"]))[meeting.title]

    assert after.uid.value == before.uid.value == f"{meeting.uid}@ccm-portal"
    assert int(after.sequence.value) >= int(before.sequence.value)
    assert after.dtend.value == datetime.date(2011, 9, 18)


def test_closed_meetings_stay_out_of_public_feeds_and_pages(client, friend_client, demo_data):
    closed = factories.MeetingFactory(title="Closed consultation", slug="closed", is_public=False)
    assert "Closed consultation" not in parse_ics(client, reverse("meetings:meetings_ics"))
    assert client.get(reverse("meetings:meeting_ics", args=["closed"])).status_code == 404
    assert client.get(closed.get_absolute_url()).status_code == 404
    assert "Closed consultation" not in client.get(reverse("meetings:meeting_list")).text
    assert "Closed consultation" in parse_ics(friend_client, reverse("meetings:meetings_ics"))
    assert friend_client.get(closed.get_absolute_url()).status_code == 200


def test_group_feed_has_only_that_groups_meetings(client, demo_data):
    # A group of its own: the demo links the seed meetings to every group of the work programme.
    group = factories.WorkingGroupFactory()
    factories.MeetingFactory(title="Victim assistance workshop").groups.add(group)
    events = parse_ics(client, reverse("meetings:group_meetings_ics", args=[group.slug]))
    assert list(events) == ["Victim assistance workshop"]
    assert client.get(reverse("meetings:group_meetings_ics", args=["no-such-group"])).status_code == 404


def test_month_calendar_places_meetings_on_their_days_and_lists_announced_dates(client, demo_data):
    november = client.get(reverse("meetings:calendar_month", args=[2010, 11])).text
    assert "Meetings in November 2010" in november
    assert november.count("First Meeting of States Parties") == 4  # 9, 10, 11 and 12 November
    assert "Meeting of the Friends of the President of the 1MSP to the CCM" in november

    for month in [1, 2]:  # the announced period runs into both months
        page = client.get(reverse("meetings:calendar_month", args=[2011, month])).text
        assert "Dates to be confirmed" in page
        assert "end of January / beginning of February 2011 (tentative)" in page


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/meetings/calendar/2010/13/", 404),
        ("/meetings/calendar/2010/0/", 404),
        ("/meetings/calendar/1999/5/", 404),
        ("/meetings/calendar/99999999999999999999/1/", 404),
        ("/meetings/calendar/2010/november/", 404),
        ("/meetings/calendar/2010/11/?group=no-such-group", 400),
        ("/meetings/calendar/2010/11/?kind=party", 400),
        ("/meetings/?kind=party", 400),
    ],
)
def test_malformed_calendar_urls_are_refused_not_crashed(client, demo_data, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status == 400:
        assert "These filters could not be applied" in response.text


def test_calendar_filters_by_kind_and_group(client, demo_data):
    msp_only = client.get(reverse("meetings:calendar_month", args=[2010, 11]), {"kind": "msp"}).text
    assert "First Meeting of States Parties" in msp_only
    assert "Meeting of the Friends of the President of the 1MSP" not in msp_only


def test_calendar_query_count_does_not_grow_with_meetings(client, demo_data, django_assert_num_queries):
    url = reverse("meetings:calendar_month", args=[2010, 11]) + "?group=victim-assistance"
    # the month's meetings, the group of the filter (validation), the group menu
    with django_assert_num_queries(3):
        client.get(url)
    group = WorkingGroup.objects.get(slug="victim-assistance")
    for day in range(1, 29):
        factories.MeetingFactory(start_date=datetime.date(2010, 11, day)).groups.add(group)
    with django_assert_num_queries(3):
        assert client.get(url).text.count("<li><a href=") >= 28
