import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from meetings.forms import MeetingFilterForm
from meetings.models import ActionPoint
from meetings.selectors import meetings_visible_to


class ActionPointTrackerView(LoginRequiredMixin, ListView):
    """Open action points across meetings, by owner, overdue ones marked: for signed-in users."""

    template_name = "meetings/actionpoint_tracker.html"

    def get(self, request, *args, **kwargs):
        self.filters = MeetingFilterForm(request.GET or None)
        response = super().get(request, *args, **kwargs)
        if self.filters.is_bound and not self.filters.is_valid():
            response.status_code = 400
        return response

    def get_queryset(self):
        points = ActionPoint.objects.filter(
            status=ActionPoint.Status.OPEN, meeting__in=meetings_visible_to(self.request.user)
        ).select_related("meeting", "group")
        if self.filters.is_bound:
            if not self.filters.is_valid():
                return points.none()
            if kind := self.filters.cleaned_data["kind"]:
                points = points.filter(meeting__kind=kind)
            if group := self.filters.cleaned_data["group"]:
                points = points.filter(group=group)
        return points.order_by("owner", "due_date", "meeting__start_date", "position")

    def get_context_data(self, **kwargs):
        today = datetime.date.today()
        context = super().get_context_data(filters=self.filters, today=today, **kwargs)
        for point in context["object_list"]:
            point.overdue = point.is_overdue(today)
        return context
