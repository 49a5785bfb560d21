from django.views.generic import DetailView, ListView

from ccm_portal.publishing.lists import PublicationListView
from ccm_portal.publishing.selectors import current_version_or_none
from meetings.models import Meeting, Minutes
from meetings.selectors import agenda_tree


class MeetingListView(ListView):
    model = Meeting
    paginate_by = 50


class MeetingDetailView(DetailView):
    def get_queryset(self):
        return Meeting.objects.select_related("chair__country", "country")

    def get_context_data(self, **kwargs):
        minutes = Minutes.objects.filter(meeting=self.object).first()
        minutes_version = None
        if minutes is not None:
            minutes.meeting = self.object
            minutes_version = current_version_or_none(self.request.user, minutes)
        return super().get_context_data(agenda=agenda_tree(self.object), minutes_version=minutes_version, **kwargs)


class MinutesListView(PublicationListView):
    model = Minutes
    template_name = "meetings/minutes_list.html"
    year_lookup = "meeting__start_date__year"
    group_lookup = "meeting__groups"
    meeting_lookup = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting").order_by("-meeting__start_date")
