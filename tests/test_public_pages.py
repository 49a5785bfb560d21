"""The public pages of the foundation: what a visitor sees, and what they never see."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from contacts.models import EmailAddress
from decisions.models import Decision
from meetings.models import Meeting
from tests import factories
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)


def crawl(client, start="/") -> dict[str, str]:
    """Every page reachable from the home page by following on-site links."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith("/") or url.startswith(("/admin/", "/static/")):
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = response.text
        parser = LinkParser()
        parser.feed(response.text)
        queue.extend(link.split("#")[0] or url for link in parser.links)
    return seen


def test_anonymous_visitor_never_sees_an_email_address_or_a_draft(client, demo_data):
    pages = crawl(client)
    addresses = [address.lower() for address in EmailAddress.objects.values_list("address", flat=True)]
    draft = Decision.objects.get(slug="work-programme-2012")

    assert len(pages) >= 15  # home, lists, every meeting and group
    for url, html in pages.items():
        lowered = html.lower()
        assert not [address for address in addresses if address in lowered], url
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html), url
        assert draft.title not in html, url
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_meeting_page_shows_agenda_minutes_and_action_points(client, demo_data):
    meeting = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    html = client.get(meeting.get_absolute_url()).text
    assert "30 November 2010, 13:00–15:00" in html
    assert "Palais, room S4, Geneva" in html
    assert "Ambassador Yong (Lao PDR)" in html
    assert html.index("Short debrief of 1MSP") < html.index("Draft architecture") < html.index("AOB")
    assert html.index("Debrief on 1MSP") < html.index("Plans for 2MSP") < html.index("All Friends, please review")
    assert "<li>Norway (general status and operation)</li>" in html  # Markdown lists become lists
    assert "<strong>Draft architecture</strong>, draft 1 for discussion – (Canada)" in html
    assert "Victim Assistance (undertaken by Austria in cooperation with Croatia in preps for 1MSP)" in html


def test_minutes_not_yet_published_stay_hidden(client, staff_client, demo_data):
    minutes = Meeting.objects.get(slug="friends-meeting-2010-11-30").minutes
    minutes.publication_state = "circulated"
    minutes.save()
    url = minutes.meeting.get_absolute_url()
    assert "Debrief on 1MSP" not in client.get(url).text
    assert "Action points" not in client.get(url).text
    staff_view = staff_client.get(url).text
    assert "Debrief on 1MSP" in staff_view
    assert "DRAFT" in staff_view


def test_staff_preview_of_the_draft_decision_is_marked_and_numbered(staff_client, demo_data):
    html = staff_client.get(Decision.objects.get(slug="work-programme-2012").get_absolute_url()).text
    assert "DRAFT" in html
    numbers = re.findall(r'<span class="number">([^<]+)</span>', html)
    assert numbers[:16] == [
        "1.",
        "2.",
        "a)",
        "b)",
        "c)",
        "i)",
        "ii)",
        "iii)",
        "iv)",
        "v)",
        "vi)",
        "d)",
        "vii)",
        "viii)",
        "e)",
        "3.",
    ]
    assert (
        html.index("Cooperation and Assistance;") < html.index("each led by one or two Coordinators") < html.index("d)")
    )
    assert "<em>State Party</em>" in html


def test_group_page_lists_appointments_by_term(client, demo_data):
    html = client.get(WorkingGroup.objects.get(slug="general-status-and-operation").get_absolute_url()).text
    assert "Norway" in html
    assert "30 November 2010 – 16 September 2011" in html
    assert "Ingunn Vatne" not in html  # groups name the country, not its people


def grow(meeting, decision):
    for _ in range(3):
        other = factories.MeetingFactory()
        factories.MinutesFactory(meeting=other)
        factories.AppointmentFactory(group=WorkingGroup.objects.first())
    factories.AgendaItemFactory.create_batch(30, meeting=meeting)
    factories.MinutesSectionFactory.create_batch(10, minutes=meeting.minutes)
    factories.ActionPointFactory.create_batch(10, meeting=meeting)
    factories.ParagraphFactory.create_batch(30, decision=decision)
    factories.WorkingGroupFactory.create_batch(10)


# url name, kwargs, queries; each page's queries do not depend on how much data there is.
PUBLIC_PAGES = [
    ("home", {}, 3),  # upcoming meetings, recent meetings, decisions
    ("meetings:meeting_list", {}, 2),  # count for the paginator, the page of meetings
    (
        "meetings:meeting_detail",
        {"slug": "friends-meeting-2010-11-30"},
        5,
    ),  # meeting with chair, agenda, minutes, sections, action points
    ("workgroups:group_list", {}, 2),  # groups, current appointments with holders
    ("workgroups:group_detail", {"slug": "general-status-and-operation"}, 3),  # group, current and all appointments
    ("decisions:decision_list", {}, 1),
]


@pytest.mark.parametrize(("name", "kwargs", "queries"), PUBLIC_PAGES)
def test_public_page_query_counts_are_pinned_and_constant(
    client, demo_data, django_assert_num_queries, name, kwargs, queries
):
    url = reverse(name, kwargs=kwargs)
    client.get(url)  # warm caches
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(Meeting.objects.get(slug="friends-meeting-2010-11-30"), Decision.objects.get())
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
