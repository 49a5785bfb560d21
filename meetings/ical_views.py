from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from meetings.ical import meetings_calendar
from meetings.selectors import meetings_visible_to
from workgroups.models import WorkingGroup


def _calendar_response(request, meetings, *, name: str, filename: str) -> HttpResponse:
    body = meetings_calendar(meetings.select_related("country"), name=name, build_url=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def all_meetings_ics(request):
    meetings = meetings_visible_to(request.user).order_by("start_date")
    return _calendar_response(
        request, meetings, name=_("CCM intersessional work programme"), filename="ccm-meetings.ics"
    )


def group_meetings_ics(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    meetings = meetings_visible_to(request.user).filter(groups=group).order_by("start_date")
    return _calendar_response(
        request, meetings, name=_("CCM: %(group)s") % {"group": group.name}, filename=f"ccm-{group.slug}.ics"
    )


def meeting_ics(request, slug):
    """One meeting; a meeting that is not public is 404 for anonymous visitors, like its page."""
    meetings = meetings_visible_to(request.user).filter(slug=slug)
    meeting = get_object_or_404(meetings)
    return _calendar_response(request, meetings, name=meeting.title, filename=f"{meeting.slug}.ics")
