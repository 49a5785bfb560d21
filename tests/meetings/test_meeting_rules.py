import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.models import ActionPoint
from tests.factories import ActionPointFactory, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_meeting_cannot_end_before_it_starts():
    meeting = MeetingFactory.build(start_date=datetime.date(2011, 9, 16), end_date=datetime.date(2011, 9, 12))
    with pytest.raises(ValidationError, match="The meeting cannot end before it starts"):
        meeting.full_clean()


def test_one_day_meeting_must_end_after_it_starts():
    meeting = MeetingFactory.build(start_time=datetime.time(15), end_time=datetime.time(13))
    with pytest.raises(ValidationError, match="end time must be after the start time"):
        meeting.full_clean()


def test_only_msps_are_numbered_and_numbers_are_unique():
    with pytest.raises(ValidationError, match="Only Meetings of States Parties are numbered"):
        MeetingFactory.build(kind="friends", number=3).full_clean()
    MeetingFactory(kind="msp", number=2)
    with pytest.raises(ValidationError, match="with this number already exists"):
        MeetingFactory.build(kind="msp", number=2).full_clean()


def test_unknown_language_and_time_zone_are_named_in_the_error():
    meeting = MeetingFactory.build(languages=["en", "xx"], time_zone="Europe/Genf")
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "xx" in str(error.value.message_dict["languages"])
    assert "Europe/Genf" in str(error.value.message_dict["time_zone"])


@pytest.mark.parametrize(
    ("note", "tentative", "start", "end", "label"),
    [
        ("", False, datetime.date(2010, 11, 30), None, "30 November 2010"),
        ("", False, datetime.date(2011, 9, 12), datetime.date(2011, 9, 16), "12–16 September 2011"),
        ("", False, datetime.date(2011, 6, 27), datetime.date(2011, 7, 1), "27 June – 1 July 2011"),
        ("", True, datetime.date(2012, 4, 16), None, "16 April 2012 (tentative)"),
        ("end of January / beginning of February 2011", True, datetime.date(2011, 1, 24), None,
         "end of January / beginning of February 2011"),
    ],
)  # fmt: skip
def test_dates_label(note, tentative, start, end, label):
    meeting = MeetingFactory.build(dates_note=note, dates_tentative=tentative, start_date=start, end_date=end)
    assert meeting.dates_label == label


def test_open_action_point_has_no_closing_meeting():
    point = ActionPointFactory.build(meeting=MeetingFactory(), closed_at=MeetingFactory())
    with pytest.raises(ValidationError, match="An open action point cannot have a closing meeting"):
        point.full_clean()
    point.status = ActionPoint.Status.DONE
    point.full_clean()


def test_agenda_sub_item_must_belong_to_the_same_meeting():
    item = AgendaItemFactory()
    stray = AgendaItemFactory.build(meeting=MeetingFactory(), parent=item)
    with pytest.raises(ValidationError, match="same meeting"):
        stray.full_clean()
