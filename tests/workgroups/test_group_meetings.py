"""A group's page lists its meetings: upcoming ones first (soonest first), then past ones (latest first),
each linking to the meeting, with its agenda and minutes only where the reader may read them."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings.models import Agenda, Meeting
from meetings.selectors import GROUP_PAGE_PAST_MEETINGS
from meetings.services import minutes_circulate, minutes_publish
from publishing import page_cache
from publishing.services import document_publish, document_withdraw
from tests import factories
from tests.conftest import meeting_change_form

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def meetings_section(html: str) -> str:
    start = html.index('<section class="group-meetings"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def group():
    return factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance")


def meeting_of(group, **fields):
    meeting = factories.MeetingFactory(**fields)
    meeting.groups.add(group)
    return meeting


def test_upcoming_meetings_first_soonest_first_then_past_ones_latest_first(client, group):
    meeting_of(group, title="Meeting a year ago", start_date=TODAY - 365 * DAY)
    meeting_of(group, title="Meeting in a month", start_date=TODAY + 30 * DAY)
    meeting_of(group, title="Meeting a month ago", start_date=TODAY - 30 * DAY)
    meeting_of(group, title="Meeting in a week", start_date=TODAY + 7 * DAY)
    # Began three days ago and ends tomorrow: not over, so with the upcoming ones.
    running = meeting_of(group, title="Meeting this week", start_date=TODAY - 3 * DAY, end_date=TODAY + DAY)
    factories.MeetingFactory(title="Another group meeting", start_date=TODAY + 7 * DAY)

    section = meetings_section(client.get(group.get_absolute_url()).text)

    upcoming, past = section.split("<h3>Past</h3>")
    assert "<h3>Upcoming</h3>" in upcoming
    titles = ["Meeting this week", "Meeting in a week", "Meeting in a month"]
    assert [upcoming.index(title) for title in titles] == sorted(upcoming.index(title) for title in titles)
    assert past.index("Meeting a month ago") < past.index("Meeting a year ago")
    assert f'<a href="{running.get_absolute_url()}">Meeting this week</a>' in upcoming
    assert "Another group meeting" not in section


def test_past_meetings_are_the_latest_ones_with_a_link_to_them_all(client, group):
    for days in range(1, GROUP_PAGE_PAST_MEETINGS + 6):
        meeting_of(group, title=f"Meeting {days} days ago", start_date=TODAY - days * DAY)

    html = client.get(group.get_absolute_url()).text

    assert f"Meeting {GROUP_PAGE_PAST_MEETINGS} days ago" in html
    assert f"Meeting {GROUP_PAGE_PAST_MEETINGS + 1} days ago" not in html
    assert f"{reverse('meetings:meeting_list')}?group={group.slug}" in html
    # ... where every one of them is listed
    listed = client.get(reverse("meetings:meeting_list"), {"group": group.slug}).text
    assert f"Meeting {GROUP_PAGE_PAST_MEETINGS + 5} days ago" in listed


def test_a_group_without_meetings_says_so(client, group):
    assert "No meetings of this group yet." in client.get(group.get_absolute_url()).text


def test_a_closed_meeting_is_listed_for_friends_only(client, friend_client, group):
    meeting_of(group, title="Closed consultation", is_public=False, start_date=TODAY + DAY)

    assert "Closed consultation" not in client.get(group.get_absolute_url()).text
    assert "Closed consultation" in friend_client.get(group.get_absolute_url()).text


def test_agenda_and_minutes_are_linked_only_where_the_reader_may_read_them(client, friend_client, group):
    meeting = meeting_of(group, title="Friends meeting", start_date=TODAY - 10 * DAY)
    minutes = factories.MinutesFactory(meeting=meeting, summary="A summary still being written.")
    agenda = Agenda.objects.create(meeting=meeting)
    minutes_url = reverse("meetings:minutes", args=[meeting.slug])
    url = group.get_absolute_url()

    def links(reader):
        return minutes_url in meetings_section(reader.get(url).text)

    # An internal draft: for nobody.
    assert not links(client)
    assert not links(friend_client)
    # Circulated for comments: for the Friends only, and its text is never on the group's page.
    minutes_circulate(minutes=minutes, by=None)
    assert not links(client)
    assert links(friend_client)
    assert "A summary still being written." not in client.get(url).text + friend_client.get(url).text
    # Published: for everyone.
    minutes_publish(minutes=minutes, by=None)
    assert links(client)
    # Withdrawn: for nobody.
    document_withdraw(document=minutes, by=None, reason="Published by mistake.")
    assert not links(client)
    assert not links(friend_client)
    # The agenda likewise: linked once it is published.
    agenda_url = reverse("meetings:agenda", args=[meeting.slug])
    assert agenda_url not in meetings_section(client.get(url).text)
    document_publish(document=agenda, by=None)
    assert agenda_url in meetings_section(client.get(url).text)


def grow(group, committee, times: int):
    for n in range(times):
        meeting = meeting_of(group, start_date=TODAY + (n - times) * 7 * DAY)
        minutes = factories.MinutesFactory(meeting=meeting)
        minutes_publish(minutes=minutes, by=None)
        meeting_of(committee, start_date=TODAY + (n + 1) * DAY)
        other = factories.WorkingGroupFactory()
        factories.AppointmentFactory(group=other, start_date=TODAY - DAY, end_date=None)
        factories.AppointmentFactory(group=group, start_date=TODAY - n * DAY, end_date=None)
        factories.AppointmentFactory(
            group=committee, role="member", organisation=factories.OrganisationFactory(), country=None
        )


@pytest.mark.parametrize(
    ("slug", "queries"),
    [
        # group, its current and all appointments, latest updates, documents, its page in the reader's
        # language, its meetings (with whether their agenda and minutes may be read)
        ("victim-assistance", 7),
        # the same, and every group's current coordinators (the committee's derived members)
        ("coordination-committee", 8),
    ],
)
def test_group_page_query_count_is_pinned_and_does_not_grow(client, group, django_assert_num_queries, slug, queries):
    committee = factories.WorkingGroupFactory(
        name="Coordination Committee", slug="coordination-committee", kind="committee"
    )
    grow(group, committee, 2)
    url = reverse("workgroups:group_detail", args=[slug])
    client.get(url)  # warm the content type cache
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(group, committee, 10)
    cache.clear()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.text.count('<li>\n      <a href="/meetings/') >= 10


def test_a_meeting_added_to_a_group_in_the_admin_is_on_its_page_and_calendar_at_once(
    client, staff_client, group, committed
):
    url = group.get_absolute_url()
    ics = reverse("meetings:group_meetings_ics", args=[group.slug])
    client.get(url), client.get(reverse("home")), client.get(ics)  # pages seen (and stored, where stored) before
    generation = cache.get(page_cache.GENERATION_KEY)
    add = reverse("admin:meetings_meeting_add")
    new = Meeting(
        kind="consultation",
        title="Consultation on victim assistance",
        slug="consultation-on-victim-assistance",
        start_date=TODAY + 14 * DAY,
    )
    values = meeting_change_form(new) | {"groups": [group.pk], "city": "Geneva"}
    with committed():
        response = staff_client.post(add, values)
    assert response.status_code == 302, response.text
    meeting = Meeting.objects.get(slug="consultation-on-victim-assistance")

    # Every page that may be stored is rendered afresh: the admin set a new generation.
    assert cache.get(page_cache.GENERATION_KEY) != generation
    assert f'<a href="{meeting.get_absolute_url()}">Consultation on victim assistance</a>' in client.get(url).text
    assert "Consultation on victim assistance" in client.get(reverse("home")).text
    assert b"SUMMARY:Consultation on victim assistance" in client.get(ics).content
