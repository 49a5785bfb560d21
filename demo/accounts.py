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


@transaction.atomic
def demo_accounts_create(*, password: str, today: datetime.date | None = None) -> list[str]:
    """Create (or reset) the demo accounts and their demo appointments; returns the usernames."""
    today = today or timezone.localdate()
    User = get_user_model()
    for username, person_name, group_slug in DEMO_ACCOUNTS:
        person = Person.objects.select_related("country").get(name=person_name)
        user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@demo.invalid"})
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
