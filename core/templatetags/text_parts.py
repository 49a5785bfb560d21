"""Joining the parts of a line that are filled in, so an empty field leaves no stray comma."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def joined(separator: str, *parts) -> str:
    """The parts that are not empty, escaped and joined: "Palais des Nations, Geneva" and "Beirut",
    never ", Beirut" when the venue is empty (`{% joined ", " meeting.venue meeting.city %}`)."""
    present = [conditional_escape(part) for part in parts if part is not None and str(part).strip()]
    return mark_safe(conditional_escape(separator).join(present))  # noqa: S308 - every part escaped above
