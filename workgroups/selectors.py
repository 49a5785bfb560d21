import datetime

from django.db.models import Prefetch, QuerySet

from workgroups.models import Appointment, GroupDocument, GroupPageTranslation, GroupUpdate, WorkingGroup


def groups_with_current_appointments(on: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """Groups, each with `.current_appointments`: who holds which post on that day."""
    current = Appointment.objects.current(on).select_related("country", "organisation")
    return WorkingGroup.objects.prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )


LATEST_UPDATES = 20


def page_in_language_prefetch(language: str) -> Prefetch:
    """Each group's page in `language` (French, Spanish), as `.reader_translations` ([] or one)."""
    return Prefetch(
        "page_translations",
        queryset=GroupPageTranslation.objects.filter(language=language),
        to_attr="reader_translations",
    )


def group_page(slug: str, *, language: str) -> QuerySet[WorkingGroup]:
    """One group with everything its public page shows: current posts, every term, updates, documents,
    and its page in `language` if its coordinators wrote one (`reader_translations`, [] or [one])."""
    every_term = Appointment.objects.select_related("country", "organisation").order_by("-start_date")
    return (
        groups_with_current_appointments()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("appointments", queryset=every_term, to_attr="all_appointments"),
            # The page shows the latest updates only, so it stays short however long a group runs.
            Prefetch("updates", queryset=GroupUpdate.objects.all()[:LATEST_UPDATES], to_attr="latest_updates"),
            Prefetch("documents", queryset=GroupDocument.objects.all(), to_attr="all_documents"),
            page_in_language_prefetch(language),
        )
    )
