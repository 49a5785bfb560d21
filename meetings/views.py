from django.views.generic import DetailView, ListView

from meetings.models import Meeting
from meetings.selectors import agenda_tree, minutes_visible_to


class MeetingListView(ListView):
    model = Meeting
    paginate_by = 50


class MeetingDetailView(DetailView):
    def get_queryset(self):
        return Meeting.objects.select_related("chair__country", "country")

    def get_context_data(self, **kwargs):
        minutes = minutes_visible_to(self.request.user, self.object)
        # Action points belong to the minutes: shown only with them.
        action_points = self.object.action_points.all() if minutes else []
        return super().get_context_data(
            agenda=agenda_tree(self.object), minutes=minutes, action_points=action_points, **kwargs
        )
