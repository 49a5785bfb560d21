import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from contacts.models import ContactListEdition, ContactListMember, Person
from meetings.models import ActionPoint
from workgroups.models import Appointment, GroupDocument, GroupUpdate, WorkingGroup


def groups_with_current_appointments(on: datetime.date | None = None) -> QuerySet[WorkingGroup]:
    """Groups, each with `.current_appointments`: who holds which post on that day."""
    current = Appointment.objects.current(on).select_related("country", "organisation")
    return WorkingGroup.objects.prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )


LATEST_UPDATES = 20


def group_page(slug: str) -> QuerySet[WorkingGroup]:
    """One group with everything its public page shows: current posts, every term, updates, documents."""
    every_term = Appointment.objects.select_related("country", "organisation").order_by("-start_date")
    return (
        groups_with_current_appointments()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("appointments", queryset=every_term, to_attr="all_appointments"),
            # The page shows the latest updates only, so it stays short however long a group runs.
            Prefetch("updates", queryset=GroupUpdate.objects.all()[:LATEST_UPDATES], to_attr="latest_updates"),
            Prefetch("documents", queryset=GroupDocument.objects.all(), to_attr="all_documents"),
        )
    )


@dataclass(frozen=True)
class Standing:
    """What an account is in the work programme today, derived from contacts and appointments."""

    is_staff: bool = False
    person: Person | None = None
    on_contact_list: bool = False
    holds_current_post: bool = False
    editable_group_ids: frozenset[int] = frozenset()

    @property
    def reads_circulated(self) -> bool:
        """Friends (on the current contact list), current post holders and staff read drafts for comment."""
        return self.is_staff or self.on_contact_list or self.holds_current_post

    def may_edit(self, group: WorkingGroup) -> bool:
        return self.is_staff or group.pk in self.editable_group_ids


NO_STANDING = Standing()


def standing_of(user, on: datetime.date | None = None) -> Standing:
    """The account's standing today: two queries, then kept on the user object for the rest of the request.

    A user may edit a group when their person is named on a current coordinator,
    co-coordinator or chair appointment to it, or belongs to the State Party
    holding one. The right follows the dates: it ends with the term.
    """
    if not (user.is_authenticated and user.is_active):
        return NO_STANDING
    cached = getattr(user, "_workprogramme_standing", None)
    if cached is not None and on is None:
        return cached
    latest_edition = ContactListEdition.objects.order_by("-as_of").values("pk")[:1]
    person = (
        Person.objects.filter(user=user)
        .annotate(
            on_contact_list=Exists(
                ContactListMember.objects.filter(person=OuterRef("pk"), entry__edition=latest_edition)
            )
        )
        .select_related("country")
        .first()
    )
    if person is None:
        standing = Standing(is_staff=user.is_staff)
    else:
        posts = Appointment.objects.current(on).filter(
            Q(people=person) | Q(country__isnull=False, country_id=person.country_id)
        )
        current_posts = list(posts.values_list("group_id", "role").distinct())
        standing = Standing(
            is_staff=user.is_staff,
            person=person,
            on_contact_list=person.on_contact_list,
            holds_current_post=bool(current_posts),
            editable_group_ids=frozenset(
                group_id for group_id, role in current_posts if role in Appointment.EDITING_ROLES
            ),
        )
    if on is None:
        user._workprogramme_standing = standing
    return standing


def groups_editable_by(user) -> QuerySet[WorkingGroup]:
    standing = standing_of(user)
    if standing.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(pk__in=standing.editable_group_ids)


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    what: str
    group: WorkingGroup
    kind: str  # "created", "changed" or "deleted"


def recent_changes(groups: list[WorkingGroup], limit: int = 15) -> list[Change]:
    """The latest edits to these groups' pages, updates, documents and action points: one query each."""
    by_id = {group.pk: group for group in groups}
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    sources = [
        (WorkingGroup.history.filter(id__in=by_id), "id", lambda entry: "the page"),
        (GroupUpdate.history.filter(group_id__in=by_id), "group_id", lambda entry: f"update “{entry.title}”"),
        (GroupDocument.history.filter(group_id__in=by_id), "group_id", lambda entry: f"document “{entry.title}”"),
        (
            ActionPoint.history.filter(group_id__in=by_id),
            "group_id",
            lambda entry: f"action point “{ActionPoint.__str__(entry)}”",
        ),
    ]
    changes = []
    for entries, group_field, describe in sources:
        for entry in entries.select_related("history_user__person").order_by("-history_date")[:limit]:
            changes.append(
                Change(
                    when=entry.history_date,
                    who=_user_label(entry.history_user),
                    what=describe(entry),
                    group=by_id[getattr(entry, group_field)],
                    kind=kinds[entry.history_type],
                )
            )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


def _user_label(user) -> str:
    if user is None:
        return "the secretariat"
    person = getattr(user, "person", None)
    return person.name if person else user.get_username()
