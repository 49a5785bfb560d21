"""Who is told what: the recipients of each notice, with their address, language and settings."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from contacts.models import ContactListEdition, EmailAddress, Person
from notifications.models import Preferences
from workgroups.models import Appointment


@dataclass(frozen=True)
class Recipient:
    """A person or staff account with where to write and what they want."""

    key: str  # "person:7", "user:3": names the recipient in a message's key
    name: str
    address: str
    preferences: Preferences


def _with_addresses(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.prefetch_related(
        Prefetch("email_addresses", EmailAddress.objects.order_by("position", "pk"), to_attr="addresses_in_order")
    ).select_related("notification_preferences")


def _preferences(person: Person) -> Preferences:
    try:
        return person.notification_preferences
    except Preferences.DoesNotExist:
        return Preferences(person=person)  # unsaved: the defaults, everything on, English


def recipients_among(people: QuerySet[Person]) -> list[Recipient]:
    """The people with an address (their first one), each once."""
    found = []
    for person in _with_addresses(people.distinct()):
        if person.addresses_in_order:
            found.append(
                Recipient(
                    f"person:{person.pk}", person.name, person.addresses_in_order[0].address, _preferences(person)
                )
            )
    return found


def readers_of_drafts(on: datetime.date | None = None) -> QuerySet[Person]:
    """The Friends: people on the newest edition of the contact list, people named on a current post,
    and people with an account whose State Party holds a current post (as workgroups.access lets
    them read circulated drafts)."""
    current = Appointment.objects.current(on)
    newest = ContactListEdition.objects.order_by("-as_of").values("pk")[:1]
    return Person.objects.filter(
        Q(contact_list_memberships__entry__edition__in=newest)
        | Q(appointments__in=current)
        | Q(user__isnull=False, country__in=current.filter(country__isnull=False).values("country"))
    ).distinct()


def holders_of(appointment: Appointment) -> QuerySet[Person]:
    """The people of a post: those named on it, else those of its State Party or organisation with an account."""
    named = appointment.people.all()
    if named.exists():
        return named
    holder = (
        Q(country=appointment.country_id) if appointment.country_id else Q(organisation=appointment.organisation_id)
    )
    return Person.objects.filter(holder, user__isnull=False)


def staff_recipients() -> list[Recipient]:
    """Active staff accounts with an address (address_of)."""
    found = []
    users = get_user_model().objects.filter(is_staff=True, is_active=True).select_related("notification_preferences")
    for user in users.order_by("pk"):
        person = Person.objects.filter(user=user).first()
        address = address_of(user)
        if not address:
            continue
        if person is not None:
            preferences = _preferences(person)
        else:
            try:
                preferences = user.notification_preferences
            except Preferences.DoesNotExist:
                preferences = Preferences(user=user)
        found.append(Recipient(f"user:{user.pk}", person.name if person else user.get_username(), address, preferences))
    return found


def preferences_of(user) -> Preferences:
    """The signed-in reader's settings: their person's, else their account's (saved on first change)."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return Preferences.objects.filter(person=person).first() or Preferences(person=person)
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def address_of(user) -> str:
    """Where the reader's e-mails go: their person's first address, else their account's."""
    first = EmailAddress.objects.filter(person__user=user).order_by("position", "pk").first()
    return first.address if first else user.email
