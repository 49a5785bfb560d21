import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

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


@dataclass(frozen=True)
class CommitteeMember:
    """A member of a committee on a day, and the post that makes them one."""

    appointment: Appointment
    post: str  # "President (Chair)", "Coordinator, Victim Assistance", "Member"
    derived: bool  # True: from a post in another group, recorded there and only there

    @property
    def holder_label(self) -> str:
        return self.appointment.holder_label

    @property
    def term_label(self) -> str:
        return self.appointment.term_label


def current_coordinations(on: datetime.date | None = None) -> QuerySet[Appointment]:
    """Every coordinator's and co-coordinator's post held on the day, with its group and holder (one
    query): the members of the Coordination Committee that are not recorded on it."""
    return (
        Appointment.objects.current(on)
        .coordinations()
        .select_related("group", "country", "organisation")
        .order_by("group__position", "group__name", "role", "start_date", "pk")
    )


def committee_members(
    committee: WorkingGroup, *, own: Iterable[Appointment], coordinations: Iterable[Appointment]
) -> list[CommitteeMember]:
    """The committee's members on a day, derived rather than typed twice: its chair (the President
    of the Meeting of States Parties), the current coordinators of every working group and thematic
    area (`coordinations`), then the members recorded on the committee alone (`own`: the
    President-designate, civil society, international organisations). Its own appointments and
    the coordinations must be those of the same day; no query."""
    own = list(own)
    chairs = [appointment for appointment in own if appointment.role == Appointment.Role.CHAIR]
    others = [appointment for appointment in own if appointment.role != Appointment.Role.CHAIR]
    members = [
        CommitteeMember(appointment, gettext("President of the Meeting of States Parties (Chair)"), derived=False)
        for appointment in chairs
    ]
    members += [
        CommitteeMember(
            appointment,
            gettext("%(post)s, %(group)s") % {"post": appointment.get_role_display(), "group": appointment.group},
            derived=True,
        )
        for appointment in coordinations
        if appointment.group_id != committee.pk
    ]
    members += [CommitteeMember(appointment, appointment.get_role_display(), derived=False) for appointment in others]
    return members


def committee_members_from_groups(committee: WorkingGroup, groups: Iterable[WorkingGroup]) -> list[CommitteeMember]:
    """`committee_members` from groups loaded by `groups_with_current_appointments` (no query): for
    the list of groups, which has every group's current posts already."""
    groups = list(groups)
    coordinations = [
        appointment
        for group in groups
        if group.kind != WorkingGroup.Kind.COMMITTEE
        for appointment in group.current_appointments
        if appointment.role in Appointment.COORDINATING_ROLES
    ]
    # Each prefetched appointment has its group already (the prefetch sets it), in the groups' order.
    return committee_members(committee, own=committee.current_appointments, coordinations=coordinations)
