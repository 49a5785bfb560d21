"""Tentative dates stay words: PDFs, .ics and the calendar show the announced period, never one day of it."""

import datetime
import io

import icalendar
import pytest
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import Agenda, Meeting
from publishing.services import document_publish
from tests import factories
from tests.conftest import read_file_response
from tests.test_demo_data import assert_in_order, collapse
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

WORDS = "end of January / beginning of February 2011"
TENTATIVE_SLUG = "friends-meeting-2011-early"


def tentative_meeting(**fields) -> Meeting:
    announced = {
        "title": "Meeting of the Friends of the President",
        "start_date": datetime.date(2011, 1, 24),
        "end_date": datetime.date(2011, 2, 11),
        "dates_tentative": True,
        "dates_note": WORDS,
    }
    return factories.MeetingFactory(**(announced | fields))


def published_pdf(client, committed, document) -> tuple[str, str]:
    """Publish the document (its PDF renders after the commit); the PDF's download name and its text on one line."""
    with committed():
        version = document_publish(document=document, by=None)
    response = client.get(version.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = read_file_response(response)
    assert body.startswith(b"%PDF-")
    text = collapse("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))
    return response["Content-Disposition"], text


# --- PDFs -----------------------------------------------------------------------------------


def test_minutes_pdf_of_a_tentative_meeting_prints_the_words_not_a_day(client, render_pdfs, committed):
    minutes = factories.MinutesFactory(meeting=tentative_meeting(), publication_state="internal")
    disposition, text = published_pdf(client, committed, minutes)

    assert disposition == (
        'inline; filename="Minutes-Friends-meeting_end-of-January-beginning-of-February-2011_v1.pdf"'
    )
    # The title block's date, the document's own heading, and the date at the foot of the page.
    assert_in_order(
        [f"Distribution: General {WORDS} Original: English", "Meeting of the Friends of the President", WORDS],
        text,
    )
    assert_in_order(["Minutes and action points", f"{WORDS} Page 1 of 1"], text)
    assert "24 January" not in text and "2011-01-24" not in disposition


def test_agenda_pdf_of_a_tentative_meeting_prints_the_words_not_a_day(client, render_pdfs, committed):
    meeting = tentative_meeting()
    factories.AgendaItemFactory(meeting=meeting, title="Architecture paper")
    agenda = Agenda.objects.create(meeting=meeting)
    disposition, text = published_pdf(client, committed, agenda)

    assert disposition.endswith('_end-of-January-beginning-of-February-2011_v1.pdf"')
    assert_in_order([f"Friends meeting, {WORDS}", "Draft agenda", "Architecture paper", f"{WORDS} Page 1 of 1"], text)
    assert "24 January" not in text


def test_tentative_meeting_without_words_prints_its_window():
    meeting = tentative_meeting(dates_note="")
    minutes = factories.MinutesFactory(meeting=meeting)
    assert minutes.document_date_label == "24 January – 11 February 2011 (tentative)"


def test_exact_meeting_documents_keep_their_day(client, render_pdfs, committed):
    meeting = factories.MeetingFactory(start_date=datetime.date(2011, 1, 24), dates_note="")
    minutes = factories.MinutesFactory(meeting=meeting, publication_state="internal")
    assert minutes.document_date_label == ""
    disposition, text = published_pdf(client, committed, minutes)
    assert disposition == 'inline; filename="Minutes-Friends-meeting_2011-01-24_v1.pdf"'
    assert "Distribution: General 24 January 2011 Original: English" in text
    assert "24 January 2011 Page 1 of 1" in text


# --- iCalendar ------------------------------------------------------------------------------


def ics_events(client, url) -> dict[str, icalendar.Event]:
    response = client.get(url)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_ics_of_the_demo_tentative_meeting_spans_the_announced_period(client, demo_data):
    meeting = Meeting.objects.get(slug=TENTATIVE_SLUG)
    event = ics_events(client, reverse("meetings:meeting_ics", args=[TENTATIVE_SLUG]))[f"{meeting.uid}@ccm-portal"]

    assert event["status"] == "TENTATIVE"
    assert event["transp"] == "TRANSPARENT"
    # All-day (dates, not times), DTEND exclusive: the day after the last likely day.
    assert event.decoded("dtstart") == datetime.date(2011, 1, 24)
    assert event.decoded("dtend") == datetime.date(2011, 2, 12)
    assert str(event["summary"]) == "Meeting of the Friends of the President (dates to be confirmed)"
    assert f"Dates to be confirmed: {WORDS}." in str(event["description"])


def test_ics_of_a_tentative_meeting_with_a_time_is_still_all_day(client):
    meeting = tentative_meeting(start_time=datetime.time(10, 0), end_time=datetime.time(13, 0))
    event = ics_events(client, reverse("meetings:meeting_ics", args=[meeting.slug]))[f"{meeting.uid}@ccm-portal"]
    assert event.decoded("dtstart") == datetime.date(2011, 1, 24)
    assert event.decoded("dtend") == datetime.date(2011, 2, 12)


def test_ics_of_an_exact_meeting_is_unchanged(client, demo_data):
    meeting = Meeting.objects.get(slug="2msp")
    event = ics_events(client, reverse("meetings:meeting_ics", args=["2msp"]))[f"{meeting.uid}@ccm-portal"]

    assert event["status"] == "CONFIRMED"
    assert "transp" not in event
    assert str(event["summary"]) == "Second Meeting of States Parties"
    assert event.decoded("dtstart") == datetime.date(2011, 9, 12)
    assert event.decoded("dtend") == datetime.date(2011, 9, 17)
    assert "to be confirmed" not in str(event["description"])


# --- The month calendar ---------------------------------------------------------------------


def month(client, year, month, **filters) -> tuple[str, str]:
    """The part of the page above the grid (where dates to be confirmed are listed) and the grid."""
    response = client.get(reverse("meetings:calendar_month", args=[year, month]), filters)
    assert response.status_code == 200
    above, grid = response.text.split('<table class="calendar">')
    return above, grid


@pytest.mark.parametrize("month_number", [1, 2])
def test_calendar_lists_the_tentative_meeting_in_each_month_it_may_fall_in(client, demo_data, month_number):
    above, grid = month(client, 2011, month_number)

    assert "Dates to be confirmed" in above
    assert f'Meeting of the Friends of the President</a>: <span class="dates">{WORDS} (tentative)</span>' in above
    # Not pinned to 24 January (nor to any other day of the window).
    assert "Meeting of the Friends of the President" not in grid


def test_calendar_leaves_out_the_tentative_meeting_outside_its_window(client, demo_data):
    above, grid = month(client, 2011, 3)
    assert "Meeting of the Friends of the President" not in above + grid
    assert "Dates to be confirmed" not in above


def test_calendar_places_an_exact_meeting_on_its_days(client, demo_data):
    above, grid = month(client, 2011, 9)
    assert grid.count("Second Meeting of States Parties") == 5  # 12 to 16 September
    assert "Dates to be confirmed" not in above


def test_calendar_filters_apply_to_tentative_meetings(client, demo_data):
    group = WorkingGroup.objects.get(slug="victim-assistance")
    tentative_meeting(slug="va-consultation", title="Victim assistance consultation").groups.add(group)

    above, _grid = month(client, 2011, 2, group="victim-assistance")
    assert "Victim assistance consultation" in above
    assert "Meeting of the Friends of the President" not in above
    above, _grid = month(client, 2011, 2, kind="msp")
    assert "Dates to be confirmed" not in above


def test_calendar_query_count_does_not_grow_with_tentative_meetings(client, demo_data, django_assert_num_queries):
    url = reverse("meetings:calendar_month", args=[2011, 2])
    # the month's meetings, the group menu
    with django_assert_num_queries(2):
        client.get(url)
    for number in range(10):
        tentative_meeting(slug=f"tentative-{number}", title=f"Tentative consultation {number}")
    with django_assert_num_queries(2):
        assert client.get(url).text.count("Tentative consultation") == 10
