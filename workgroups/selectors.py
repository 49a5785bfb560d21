import datetime

from django.db.models import Prefetch, QuerySet

from workgroups.models import Appointment, WorkingGroup


def groups_with_current_appointments(on: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """Groups, each with `.current_appointments`: who holds which post on that day."""
    current = Appointment.objects.current(on).select_related("country", "organisation")
    return WorkingGroup.objects.prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )
