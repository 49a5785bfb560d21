from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from workgroups.models import Appointment
from workgroups.selectors import groups_with_current_appointments


class GroupListView(ListView):
    def get_queryset(self):
        return groups_with_current_appointments()


class GroupDetailView(DetailView):
    def get_queryset(self):
        every_term = Appointment.objects.select_related("country", "organisation").order_by("-start_date")
        return groups_with_current_appointments().prefetch_related(
            Prefetch("appointments", queryset=every_term, to_attr="all_appointments")
        )
