"""Who may do what, decided in one place from data: the contact list and current appointments.

The layers below (publishing, contacts) never ask; views and URLconfs above tell
them the answer (`may_read_circulated(user)` → `reads_circulated=True`). The
`rules` permissions (workgroups/rules.py) are defined from these functions.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from contacts.models import ContactListEdition, ContactListEntry, ContactListMember, Person
from workgroups.models import Appointment, WorkingGroup


@dataclass(frozen=True)
class Standing:
    """What an account is in the work programme on a day, derived from contacts and appointments.

    Its appointments are read when first asked about: a Friend on the contact list (or staff)
    reads circulated drafts without them, so the access check of a signed-in page is one query.
    """

    is_staff: bool = False
    person: Person | None = None
    on_contact_list: bool = False
    on: datetime.date | None = None  # the day the appointments must cover; None: today

    @cached_property
    def current_posts(self) -> list[tuple[int, str]]:
        """(group id, role) of the posts the person, or their State Party, holds on the day."""
        if self.person is None:
            return []
        posts = Appointment.objects.current(self.on).filter(
            Q(people=self.person) | Q(country__isnull=False, country_id=self.person.country_id)
        )
        return list(posts.order_by().values_list("group_id", "role").distinct())

    @property
    def holds_current_post(self) -> bool:
        return bool(self.current_posts)

    @property
    def editable_group_ids(self) -> frozenset[int]:
        return frozenset(group_id for group_id, role in self.current_posts if role in Appointment.EDITING_ROLES)

    @property
    def reads_circulated(self) -> bool:
        """Friends (on the current contact list), current post holders and staff read drafts for comment."""
        return self.is_staff or self.on_contact_list or self.holds_current_post

    def may_edit(self, group: WorkingGroup) -> bool:
        return self.is_staff or group.pk in self.editable_group_ids


NO_STANDING = Standing()


# The account's person, and whether they are on the newest edition of the contact list: asked on every
# signed-in request, so written once in SQL. The same query in the ORM (Exists, OuterRef and a subquery)
# cost 2 ms a request, most of it building the query, against 0.5 ms.
_PERSON_ON_THE_LIST = f"""
    SELECT person.*, EXISTS (
        SELECT 1 FROM {ContactListMember._meta.db_table} member
        JOIN {ContactListEntry._meta.db_table} entry ON entry.id = member.entry_id
        WHERE member.person_id = person.id
          AND entry.edition_id = (SELECT id FROM {ContactListEdition._meta.db_table} ORDER BY as_of DESC LIMIT 1)
    ) AS on_contact_list
    FROM {Person._meta.db_table} person
    WHERE person.user_id = %s
"""  # noqa: S608 - table names from the models; the one value is a parameter


def standing_of(user, on: datetime.date | None = None) -> Standing:
    """The account's standing today: one query, one more for its appointments when they are asked
    about; then kept on the user object for the rest of the request.

    A user may edit a group when their person is named on a current coordinator,
    co-coordinator or chair appointment to it, or belongs to the State Party
    holding one. The right follows the dates: it ends with the term.
    """
    if not (user.is_authenticated and user.is_active):
        return NO_STANDING
    cached = getattr(user, "_workprogramme_standing", None)
    if cached is not None and on is None:
        return cached
    person = next(iter(Person.objects.raw(_PERSON_ON_THE_LIST, [user.pk])), None)
    if person is None:
        standing = Standing(is_staff=user.is_staff)
    else:
        standing = Standing(
            is_staff=user.is_staff,
            person=person,
            on_contact_list=person.on_contact_list,
            on=on or timezone.localdate(),
        )
    if on is None:
        user._workprogramme_standing = standing
    return standing


def groups_editable_by(user) -> QuerySet[WorkingGroup]:
    standing = standing_of(user)
    if standing.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(pk__in=standing.editable_group_ids)


def may_read_circulated(user) -> bool:
    """Circulated drafts (and closed meetings, the contact list) are for the Friends on the current
    contact list, current post holders and staff.

    An account with no person behind it, or whose person has left the list and
    holds no post, sees only what the public sees.
    """
    return standing_of(user).reads_circulated
