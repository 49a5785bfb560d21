"""A moment as readers everywhere can place it: in UTC, said so, and machine-readable."""

import datetime

from django import template
from django.utils import formats
from django.utils.html import format_html

register = template.Library()


@register.filter
def utc_time(moment: datetime.datetime | None) -> str:
    """`<time datetime="2026-11-27T10:54:20Z">27 November 2026 10:54 UTC</time>`: the ISO 8601 form for
    programs, the language's own date and time for readers, both in UTC, since the portal's readers are
    in every time zone and the server's own (Geneva's) would be a guess for most of them."""
    if moment is None:
        return ""
    in_utc = moment.astimezone(datetime.UTC)
    return format_html(
        '<time datetime="{}">{} UTC</time>',
        in_utc.isoformat(timespec="seconds").replace("+00:00", "Z"),
        formats.date_format(in_utc, "DATETIME_FORMAT"),
    )
