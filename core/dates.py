"""Dates as the documents write them, in the active language.

"16 September 2011", "16 septembre 2011", "16 de septiembre de 2011": Django's
DATE_FORMAT for the active language (ccm_portal/formats/), so month names come
from Django's own catalogues. Ranges keep the shared parts once:
"16–18 May 2011", "30 November – 2 December 2010", "16–18 de mayo de 2011".
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

# An en dash between the days of one month; spaced between dates that each name their month.
DAYS_DASH = "–"
DATES_DASH = " – "


def long_date(day: datetime.date) -> str:
    """16 September 2011 (16 septembre 2011, 16 de septiembre de 2011). A moment (an aware datetime)
    is dated where the portal is (TIME_ZONE, Geneva), not in UTC: just after midnight is the next day."""
    if isinstance(day, datetime.datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    return date_format(day, "DATE_FORMAT")


def month_and_year(day: datetime.date) -> str:
    """September 2011 (septembre 2011, septiembre de 2011)."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def date_range(start: datetime.date, end: datetime.date | None) -> str:
    """From the first day to the last, the shared month and year written once.

    16 September 2011; 16–18 May 2011; 30 November – 2 December 2010;
    30 December 2010 – 2 January 2011.
    """
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DAYS_DASH}{long_date(end)}"
    if start.year == end.year:
        return f"{date_format(start, 'MONTH_DAY_FORMAT')}{DATES_DASH}{long_date(end)}"
    return f"{long_date(start)}{DATES_DASH}{long_date(end)}"
