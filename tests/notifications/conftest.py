import pytest

from publishing.models import PublicationState
from tests import factories
from tests.conftest import CURRENT_TERM, account_for


@pytest.fixture
def run_tasks(settings):
    """Tasks run at once after each commit, as the default settings do (tests queue and drop them otherwise)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def portal_url(settings):
    settings.PORTAL_URL = "https://portal.example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def friend(contact_list):
    """A Friend on the newest contact list, with an address and an account."""
    member = factories.ContactListMemberFactory(entry__edition=contact_list, person__name="Anne Friend")
    factories.EmailAddressFactory(person=member.person, address="anne@example.org")
    account_for(member.person, "anne")
    return member.person


@pytest.fixture
def french_friend(contact_list):
    """A Friend without an account who reads French."""
    from notifications.models import Preferences

    member = factories.ContactListMemberFactory(entry__edition=contact_list, person__name="Bruno Ami")
    factories.EmailAddressFactory(person=member.person, address="bruno@example.org", position=0)
    factories.EmailAddressFactory(person=member.person, address="bruno.second@example.org", position=1)
    Preferences.objects.create(person=member.person, language="fr")
    return member.person


@pytest.fixture
def coordinator(contact_list, group_a):
    """Named on group A's current coordinator post."""
    member = factories.ContactListMemberFactory(entry__edition=contact_list, person__name="Carla Coordinator")
    factories.EmailAddressFactory(person=member.person, address="carla@example.org")
    appointment = factories.AppointmentFactory(group=group_a, country=member.person.country, **CURRENT_TERM)
    appointment.people.add(member.person)
    return member.person


@pytest.fixture
def minutes():
    minutes = factories.MinutesFactory(
        meeting=factories.MeetingFactory(slug="friends-2011", title="Friends meeting"),
        summary="The Friends met.",
        publication_state=PublicationState.INTERNAL,
    )
    factories.MinutesSectionFactory(minutes=minutes, heading="Debrief", body="First wording.")
    return minutes
