"""Sign-ins for trying the portal locally (bin/quickstart); not part of the seed documents.

The seeds name no coordinator whose term covers today (the 2012 decision leaves
them as *State Party*), so for the demo Norway coordinates General Status and
Operation and Japan Universalization for this year and next. Each demo account
belongs to a person of the 2010 contact list, which is what makes them Friends.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from contacts.models import Person
from publishing import page_cache
from workgroups.models import Appointment, WorkingGroup

# username, person (from the contact list), group they coordinate (or None: a Friend only)
DEMO_ACCOUNTS = [
    ("coordinator", "Ingunn Vatne", "general-status-and-operation"),
    ("coordinator-japan", "Chisa Sato", "universalization"),
    ("friend", "Philippe Bronchain", None),
]


class DemoAccountsRefused(Exception):
    """The database holds real people's accounts: demo accounts, whose passwords are known, would take
    over their sign-ins (or an account of the same name). The message says which."""


def _demo_address(username: str) -> str:
    return f"{username}@demo.invalid"


@transaction.atomic
def demo_accounts_create(*, password: str, today: datetime.date | None = None) -> list[str]:
    """Create (or reset) the demo accounts and their demo appointments; returns the usernames. Refused
    (DemoAccountsRefused, nothing changed) on a database where people sign in with accounts of their own."""
    today = today or timezone.localdate()
    User = get_user_model()
    _refuse_on_real_accounts(User)
    for username, person_name, group_slug in DEMO_ACCOUNTS:
        person = Person.objects.select_related("country").get(name=person_name)
        user, _ = User.objects.get_or_create(username=username, defaults={"email": _demo_address(username)})
        user.set_password(password)
        user.save()
        if person.user_id != user.pk:
            person.user = user
            person.save(update_fields=["user"])
        if group_slug:
            Appointment.objects.update_or_create(
                group=WorkingGroup.objects.get(slug=group_slug),
                role=Appointment.Role.COORDINATOR,
                country=person.country,
                start_date=datetime.date(today.year, 1, 1),
                defaults={"end_date": datetime.date(today.year + 1, 12, 31)},
            )
    page_cache.invalidate_on_commit()  # the demo appointments show on group pages and in the API
    return [username for username, _, _ in DEMO_ACCOUNTS]


def _refuse_on_real_accounts(User) -> None:
    """A demo database links people to the demo accounts only; a person linked to any other account was
    invited and signs in (a real installation), and an account of a demo name made otherwise is someone's."""
    usernames = [username for username, _, _ in DEMO_ACCOUNTS]
    linked = list(
        Person.objects.filter(user__isnull=False)
        .exclude(user__username__in=usernames)
        .select_related("user")
        .order_by("name")
    )
    if linked:
        people = ", ".join(f"{person.name} (as {person.user.get_username()})" for person in linked[:5])
        raise DemoAccountsRefused(
            f"This database has people who sign in with accounts of their own: {people}"
            f"{' and others' if len(linked) > 5 else ''}. Demo accounts have known passwords and would take "
            "over their sign-ins; they are only for a laptop's demo database (bin/quickstart)."
        )
    for user in User.objects.filter(username__in=usernames):
        if user.email != _demo_address(user.get_username()) or user.is_staff or user.is_superuser:
            raise DemoAccountsRefused(
                f"The account {user.get_username()} was not made by create_demo_accounts; its password is not "
                "reset to a known one. Demo accounts are only for a laptop's demo database (bin/quickstart)."
            )
