from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import ListView

from core.filtering import FilterFormMixin
from meetings.forms import MeetingFilterForm
from meetings.models import ActionPoint
from meetings.selectors import meetings_visible_to


class ActionPointTrackerView(LoginRequiredMixin, FilterFormMixin, ListView):
    """Open action points across meetings, by owner, overdue ones marked: for signed-in users."""

    template_name = "meetings/actionpoint_tracker.html"
    filter_form_class = MeetingFilterForm

    def get_queryset(self):
        points = ActionPoint.objects.filter(
            status=ActionPoint.Status.OPEN, meeting__in=meetings_visible_to(self.request.user)
        ).select_related("meeting", "group")
        return self.filtered(points).order_by("owner", "due_date", "meeting__start_date", "position")

    def filter_queryset(self, points, cleaned_data):
        if kind := cleaned_data["kind"]:
            points = points.filter(meeting__kind=kind)
        if group := cleaned_data["group"]:
            points = points.filter(group=group)
        return points

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        context = super().get_context_data(today=today, **kwargs)
        for point in context["object_list"]:
            point.overdue = point.is_overdue(today)
        return context
