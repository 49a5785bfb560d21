from ccm_portal.publishing.lists import PublicationListView
from decisions.models import Decision


class DecisionListView(PublicationListView):
    model = Decision
    year_lookup = "meeting__start_date__year"
    meeting_lookup = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting")
