"""Meetings as iCalendar (RFC 5545), built with the icalendar package.

Each event's UID is the meeting's own `uid`, so a client that subscribed
updates an edited meeting instead of adding a second one; SEQUENCE and
LAST-MODIFIED follow the last edit. Timed meetings carry their time zone
(Geneva: Europe/Zurich, with its VTIMEZONE); meetings without times are
all-day events. A meeting with tentative dates is STATUS:TENTATIVE, all-day over
the whole window it may fall in (start_date..end_date), and says so in its
SUMMARY and, with the announced words, in its DESCRIPTION: a calendar app shows
the window as one long bar, which must not read as a meeting lasting that long.

Words and dates are in the active language: /fr/meetings/calendar.ics is the
French calendar, its events' URLs the French pages.
"""

import datetime
import zoneinfo
from collections.abc import Iterable

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.models import Meeting

PRODUCT_ID = "-//Convention on Cluster Munitions//Intersessional work programme portal//EN"
UID_DOMAIN = "ccm-portal"


def meetings_calendar(meetings: Iterable[Meeting], *, name: str, build_url) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=build_url(meeting.get_absolute_url())))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_event(meeting: Meeting, *, url: str) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@{UID_DOMAIN}")
    summary = meeting.title
    if meeting.dates_tentative:
        summary = _("%(title)s (dates to be confirmed)") % {"title": meeting.title}
    event.add("summary", summary)
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    # Increases with every edit, as RFC 5545 asks of SEQUENCE.
    event.add("sequence", int(meeting.updated_at.timestamp()))
    start, end = _span(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("status", "TENTATIVE" if meeting.dates_tentative else "CONFIRMED")
    if meeting.dates_tentative:
        # The window is not busy time: subscribers stay free on days it will not be.
        event.add("transp", "TRANSPARENT")
    if location := meeting_location(meeting):
        event.add("location", location)
    description = [meeting.get_kind_display() + "."]
    if meeting.dates_tentative:
        description.append(_("Dates to be confirmed: %(dates)s.") % {"dates": meeting.dates_label})
    if meeting.notes:
        description.append(meeting.notes)
    event.add("description", " ".join(description))
    event.add("url", url)
    return event


def meeting_location(meeting: Meeting) -> str:
    room = _("room %(room)s") % {"room": meeting.room} if meeting.room else ""
    country = meeting.country.name if meeting.country_id else ""
    return ", ".join(part for part in [meeting.venue, room, meeting.city, country] if part)


def _span(meeting: Meeting):
    last_day = meeting.end_date or meeting.start_date
    if meeting.start_time and not meeting.dates_tentative:
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
        start = datetime.datetime.combine(meeting.start_date, meeting.start_time, tzinfo=zone)
        if meeting.end_time is None:  # a start time only: shown as one hour
            return start, start + datetime.timedelta(hours=1)
        return start, datetime.datetime.combine(last_day, meeting.end_time, tzinfo=zone)
    # All-day, and for tentative dates over the whole window: DTEND is the day
    # after the last (likely) day, exclusive as RFC 5545 has it.
    return meeting.start_date, last_day + datetime.timedelta(days=1)
