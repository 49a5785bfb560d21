"""Who may do what, decided in one place from data: the contact list and current appointments.

The layers below (publishing, contacts) never ask; views and URLconfs above tell
them the answer (`may_read_circulated(user)` → `reads_circulated=True`). The
`rules` permissions (workgroups/rules.py) are defined from these functions.
"""

import contextvars
import datetime
import functools
from dataclasses import dataclass

from django.contrib import auth
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from contacts.models import ContactListEdition, ContactListEntry, ContactListMember, Person
from core.prepared_statements import execute_prepared
from workgroups.models import Appointment, WorkingGroup


@dataclass(frozen=True)
class Standing:
    """What an account is in the work programme on a day, derived from contacts and appointments.

    Whether the person holds a post, and one that edits a group, is read with the person (one
    query, with the account itself when it signs in: ReaderBackend); which posts, when first asked.
    """

    is_staff: bool = False
    person: Person | None = None
    on_contact_list: bool = False
    on: datetime.date | None = None  # the day the appointments must cover; None: today
    holds_post: bool | None = None  # None: not read yet (current_posts tells)
    edits_a_group: bool | None = None

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
        return self.holds_post if self.holds_post is not None else bool(self.current_posts)

    @property
    def has_groups(self) -> bool:
        """Whether "My groups" lists anything: staff keep every group, a coordinator (co-coordinator, chair) theirs."""
        if self.is_staff:
            return True
        return self.edits_a_group if self.edits_a_group is not None else bool(self.editable_group_ids)

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


def _current_post_exists(roles: tuple[str, ...] | None = None) -> str:
    """SQL: whether `person` (or their State Party) holds a post (of `roles`) whose term covers %(on)s."""
    appointment, people = Appointment._meta.db_table, Appointment.people.through._meta.db_table
    in_roles = f"AND post.role IN ({', '.join(repr(str(role)) for role in roles)})" if roles else ""
    return f"""EXISTS (
        SELECT 1 FROM {appointment} post
        WHERE post.start_date <= %(on)s AND (post.end_date IS NULL OR post.end_date >= %(on)s) {in_roles}
          AND (post.country_id = person.country_id
               OR EXISTS (SELECT 1 FROM {people} named
                          WHERE named.appointment_id = post.id AND named.person_id = person.id))
    )"""  # noqa: S608 - table names from the models, roles from Appointment.Role


_PERSON_COLUMNS = [(field.attname, field.column) for field in Person._meta.concrete_fields]


@functools.cache
def _columns(model) -> list[tuple[str, str]]:
    return [(field.attname, field.column) for field in model._meta.concrete_fields]


# The account, its person, whether they are on the newest edition of the contact list and whether they
# hold a post (one that edits a group): asked on every signed-in request, so one query, written once in
# SQL. The same in the ORM (Exists, OuterRef, subqueries) cost more to build than to run. `{source}`: the
# account by its id (account_with_standing), or the session with the account signed in on it
# (session_with_reader), so that a signed-in request reads its session and its reader in one query.
_READER_WITH_STANDING = f"""
    SELECT {{session_columns}} {{account_columns}},
      {", ".join(f'person.{column} AS "person__{column}"' for _attname, column in _PERSON_COLUMNS)},
      EXISTS (
        SELECT 1 FROM {ContactListMember._meta.db_table} member
        JOIN {ContactListEntry._meta.db_table} entry ON entry.id = member.entry_id
        WHERE member.person_id = person.id
          AND entry.edition_id = (SELECT id FROM {ContactListEdition._meta.db_table} ORDER BY as_of DESC LIMIT 1)
      ) AS "on_contact_list",
      {_current_post_exists()} AS "holds_post",
      {_current_post_exists(Appointment.EDITING_ROLES)} AS "edits_a_group"
    {{source}}
    LEFT JOIN {Person._meta.db_table} person ON person.user_id = account.id
    WHERE {{condition}}
"""  # noqa: S608 - table names from the models; the values are parameters


@functools.cache
def _reader_sql(user_model, session_model=None) -> str:
    account_columns = ", ".join(f'account.{column} AS "account__{column}"' for _attname, column in _columns(user_model))
    if session_model is None:
        return _READER_WITH_STANDING.format(
            session_columns="",
            account_columns=account_columns,
            source=f"FROM {user_model._meta.db_table} account",
            condition="account.id = %(account)s",
        )
    return _READER_WITH_STANDING.format(
        session_columns=", ".join(f"session.{column}" for _attname, column in _columns(session_model)) + ",",
        account_columns=account_columns,
        source=(
            f"FROM {session_model._meta.db_table} session "
            f"LEFT JOIN {user_model._meta.db_table} account ON account.id = session.account_id"
        ),
        condition="session.session_key = %(session_key)s AND session.expire_date > %(now)s",
    )


def _reader_from_row(user_model, row, on: datetime.date, *, using: str):
    """The account in `row` (account columns, then person columns, then the standing's three), with its
    standing kept on it; None when the row has no account."""
    account_columns = _columns(user_model)
    account_values = row[: len(account_columns)]
    if account_values[account_columns.index((user_model._meta.pk.attname, user_model._meta.pk.column))] is None:
        return None
    user = user_model.from_db(using, [attname for attname, _column in account_columns], list(account_values))
    person_values = row[len(account_columns) : len(account_columns) + len(_PERSON_COLUMNS)]
    person = None
    if person_values[_PERSON_COLUMNS.index((Person._meta.pk.attname, Person._meta.pk.column))] is not None:
        person = Person.from_db(using, [attname for attname, _column in _PERSON_COLUMNS], list(person_values))
    on_contact_list, holds_post, edits_a_group = row[-3:]
    user._workprogramme_standing = Standing(
        is_staff=user.is_staff,
        person=person,
        on_contact_list=bool(person and on_contact_list),
        on=on,
        holds_post=bool(person and holds_post),
        edits_a_group=bool(person and edits_a_group),
    )
    return user


def account_with_standing(user_model, user_id):
    """The account `user_id` with its standing today read in the same query (or None)."""
    on = timezone.localdate()
    with connection.cursor() as cursor:
        execute_prepared(cursor, "account_with_standing", _reader_sql(user_model), {"account": user_id, "on": on})
        row = cursor.fetchone()
    return None if row is None else _reader_from_row(user_model, row, on, using=connection.alias)


def session_with_reader(session_model, session_key: str):
    """The unexpired session `session_key` and the account signed in on it, with its standing today, read
    in one query: (session, account or None), or None when there is no such session."""
    user_model, on = get_user_model(), timezone.localdate()
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            "session_with_reader",
            _reader_sql(user_model, session_model),
            {"session_key": session_key, "now": timezone.now(), "on": on},
        )
        row = cursor.fetchone()
    if row is None:
        return None
    session_columns = _columns(session_model)
    session = session_model.from_db(
        connection.alias, [attname for attname, _column in session_columns], list(row[: len(session_columns)])
    )
    return session, _reader_from_row(user_model, row[len(session_columns) :], on, using=connection.alias)


def standing_of(user, on: datetime.date | None = None) -> Standing:
    """The account's standing today, kept on the user object for the rest of the request: read with the
    account when it was loaded for the request (ReaderBackend), else one query, one more for its
    appointments when they are asked about.

    A user may edit a group when their person is named on a current coordinator,
    co-coordinator or chair appointment to it, or belongs to the State Party
    holding one. The right follows the dates: it ends with the term.
    """
    if not (user.is_authenticated and user.is_active):
        return NO_STANDING
    cached = getattr(user, "_workprogramme_standing", None)
    if cached is not None and on is None:
        return cached
    if on is None:
        loaded = account_with_standing(type(user), user.pk)
        standing = loaded._workprogramme_standing if loaded is not None else Standing(is_staff=user.is_staff)
        user._workprogramme_standing = standing
        return standing
    person = Person.objects.filter(user=user).first()
    return Standing(
        is_staff=user.is_staff,
        person=person,
        on_contact_list=person is not None and _on_contact_list(person),
        on=on,
    )


def _on_contact_list(person: Person) -> bool:
    newest = ContactListEdition.objects.order_by("-as_of").values("pk")[:1]
    return ContactListMember.objects.filter(person=person, entry__edition=newest).exists()


def groups_editable_by(user) -> QuerySet[WorkingGroup]:
    standing = standing_of(user)
    if standing.is_staff:
        return WorkingGroup.objects.all()
    return WorkingGroup.objects.filter(pk__in=standing.editable_group_ids)


def reader_layout(user) -> dict:
    """What the layout of every page shows about a signed-in reader besides their name (settings.
    READER_LAYOUT): "My groups" only for those who have groups. No query once the account is loaded."""
    return {"reader_has_groups": user.is_authenticated and standing_of(user).has_groups}


# The account read with the request's session (ReaderAuthenticationMiddleware), while Django's
# auth.get_user asks ReaderBackend for it: per request (a context variable), never kept beyond it.
_ACCOUNT_READ_WITH_SESSION: contextvars.ContextVar = contextvars.ContextVar("account_read_with_session", default=None)


class ReaderBackend(ModelBackend):
    """Django's ModelBackend, but a signed-in request's account comes with its standing in the same
    query: the session's own (session_with_reader, through ReaderAuthenticationMiddleware), else its
    own (account_with_standing). The access check of a signed-in page costs no query of its own."""

    def get_user(self, user_id):
        user = _ACCOUNT_READ_WITH_SESSION.get()
        if user is None or str(user.pk) != str(user_id):
            user = account_with_standing(get_user_model(), user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ReaderAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the account the session store read in the session's own
    query (workgroups.sessions) handed to ReaderBackend: a signed-in request costs one query for both.

    Everything else is Django's auth.get_user: the session's backend, user id and the hash of the
    account's password (a password change ends the other sessions), checked as always."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _reader_of(request))


def _reader_of(request):
    if not hasattr(request, "_cached_user"):
        session = request.session
        session.get(SESSION_KEY)  # loads the session, and with workgroups.sessions its account
        token = _ACCOUNT_READ_WITH_SESSION.set(getattr(session, "account", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _ACCOUNT_READ_WITH_SESSION.reset(token)
    return request._cached_user


def may_read_circulated(user) -> bool:
    """Circulated drafts (and closed meetings, the contact list) are for the Friends on the current
    contact list, current post holders and staff.

    An account with no person behind it, or whose person has left the list and
    holds no post, sees only what the public sees.
    """
    return standing_of(user).reads_circulated
