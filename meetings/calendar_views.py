"""The public calendar: a month of meetings, with tentative dates shown as announced."""

import calendar
import datetime

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS

from meetings.forms import MeetingFilterForm
from meetings.models import FIRST_YEAR, LAST_YEAR
from meetings.selectors import meetings_visible_to


def calendar_this_month(request):
    today = timezone.localdate()
    url = reverse("meetings:calendar_month", kwargs={"year": today.year, "month": today.month})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def calendar_month(request, year: int, month: int):
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404("No such month.")
    first_day = datetime.date(year, month, 1)
    last_day = datetime.date(year, month, calendar.monthrange(year, month)[1])
    filters = MeetingFilterForm(request.GET or None)
    meetings = meetings_visible_to(request.user).filter(
        Q(start_date__lte=last_day),
        Q(end_date__gte=first_day) | Q(end_date__isnull=True, start_date__gte=first_day),
    )
    status = 200
    if filters.is_bound and not filters.is_valid():
        meetings, status = meetings.none(), 400
    elif filters.is_bound:
        meetings = filters.filter(meetings)
    meetings = list(meetings.order_by("start_date", "start_time"))

    # A tentative meeting's start_date..end_date is the window it may fall in, not
    # the days it lasts: it is listed under the grid in every month of that window,
    # with its announced words, rather than filling day cells it may not happen on.
    to_be_confirmed = [meeting for meeting in meetings if meeting.dates_tentative]
    dated = [meeting for meeting in meetings if not meeting.dates_tentative]
    weeks = [
        [
            (
                day,
                [meeting for meeting in dated if meeting.start_date <= day <= (meeting.end_date or meeting.start_date)],
            )
            if day.month == month
            else (None, [])
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous_month = (first_day - datetime.timedelta(days=1)).replace(day=1)
    next_month = last_day + datetime.timedelta(days=1)
    context = {
        "month": first_day,
        "weeks": weeks,
        "to_be_confirmed": to_be_confirmed,
        "filters": filters,
        "previous_month": previous_month if previous_month.year >= FIRST_YEAR else None,
        "next_month": next_month if next_month.year <= LAST_YEAR else None,
        # Monday first, in the reader's language (Django's own catalogue).
        "weekdays": [WEEKDAYS[day] for day in range(7)],
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "meetings/calendar_month.html", context, status=status)
