"""The group's meetings on its page: the meetings layer's part of a group's page (workgroups.page_parts)."""

from meetings.selectors import group_meetings
from workgroups.access import may_read_circulated
from workgroups.page_parts import GroupPagePart, group_page_part_register


def group_meetings_context(group, user) -> dict:
    upcoming, past = group_meetings(group, reads_circulated=may_read_circulated(user))
    return {"group": group, "upcoming_meetings": upcoming, "past_meetings": past}


def register() -> None:
    """Called once the apps are ready (meetings/apps.py)."""
    group_page_part_register(
        GroupPagePart(name="meetings", template_name="workgroups/_group_meetings.html", context=group_meetings_context)
    )
