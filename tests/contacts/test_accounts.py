"""Accounts: staff invite people from the contact list, sign-in is throttled, passwords are reset by e-mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from contacts.models import Person
from tests import factories
from tests.conftest import CURRENT_TERM, account_for
from workgroups.access import standing_of
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

PASSWORD = "Cluster-Munitions-2012"


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def invite(staff_client, *people):
    return staff_client.post(
        reverse("admin:contacts_person_changelist"),
        {"action": "invite_selected", "_selected_action": [person.pk for person in people]},
        follow=True,
    )


# --- Invitations -------------------------------------------------------------


def test_an_invited_person_sets_a_password_signs_in_and_the_link_then_stops_working(staff_client):
    address = factories.EmailAddressFactory(address="Jorg-Alexander.Example@diplo.de", person__name="Jörg-Alexander")
    person = address.person

    response = invite(staff_client, person)
    assert "Invitation sent to Jörg-Alexander at Jorg-Alexander.Example@diplo.de" in response.text
    person.refresh_from_db()
    assert person.user.username == "jorg-alexander.example@diplo.de"
    assert not person.user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["Jorg-Alexander.Example@diplo.de"]

    visitor = Client()
    form_page = visitor.get(link_in(message), follow=True)
    assert "Choose a password" in form_page.text
    accepted = visitor.post(
        form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert accepted.redirect_chain[-1][0] == reverse("workspace:my_groups")
    assert accepted.context["user"] == person.user

    again = Client().get(link_in(message), follow=True)
    assert "This invitation no longer works" in again.text
    assert sign_in(Client(), "jorg-alexander.example@diplo.de", PASSWORD).status_code == 302


def test_an_invitation_links_the_portal_whatever_host_the_staff_member_came_in_by(staff_client, settings):
    settings.PORTAL_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "internal-app-3.example.net"]
    person = factories.EmailAddressFactory(address="invitee@example.org").person
    staff_client.post(
        reverse("admin:contacts_person_changelist"),
        {"action": "invite_selected", "_selected_action": [person.pk]},
        HTTP_HOST="internal-app-3.example.net:8443",
    )
    (message,) = mail.outbox
    assert link_in(message).startswith("https://portal.example.org/accounts/invitation/")
    assert "internal-app-3" not in message.body


def test_a_person_without_an_address_or_with_an_account_is_not_invited(staff_client, friend_user):
    without_address = factories.PersonFactory(name="Nobody Reachable")
    response = invite(staff_client, without_address, friend_user.person)
    assert "Nobody Reachable has no e-mail address to send the invitation to." in response.text
    assert "already has an account (friend)" in response.text
    assert mail.outbox == []
    without_address.refresh_from_db()
    assert without_address.user is None


# --- Sign-in throttling ----------------------------------------------------------


def test_repeated_failures_lock_that_username_from_that_address_only(friend_user):
    friend_user.set_password(PASSWORD)
    friend_user.save()
    attacker = Client()
    for _ in range(4):
        assert sign_in(attacker, "friend", "guess", address="203.0.113.66").status_code == 200
    assert sign_in(attacker, "friend", "guess", address="203.0.113.66").status_code == 429  # the fifth failure
    locked = sign_in(attacker, "friend", PASSWORD, address="203.0.113.66")
    assert locked.status_code == 429  # even the right password, from there, until the cool-off ends
    assert "Signing in is paused" in locked.text and "the pause lasts 0:15:00" in locked.text

    # The real user, elsewhere, is not locked out by the attacker's failures.
    assert sign_in(Client(), "friend", PASSWORD, address="198.51.100.7").status_code == 302


def test_a_failed_sign_in_says_so_without_telling_which_part_was_wrong(friend_user):
    response = sign_in(Client(), "friend", "wrong")
    assert response.status_code == 200
    assert "The username and password did not match." in response.text


# --- Passwords -----------------------------------------------------------------


def test_a_forgotten_password_is_reset_by_e_mail(friend_user):
    friend_user.set_password("old-password-1")
    friend_user.save()
    Client().post(reverse("password_reset"), {"email": friend_user.email})
    (message,) = mail.outbox
    visitor = Client()
    form_page = visitor.get(link_in(message), follow=True)
    visitor.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert sign_in(Client(), "friend", PASSWORD).status_code == 302
    assert sign_in(Client(), "friend", "old-password-1").status_code == 200


@pytest.mark.parametrize("language_prefix", ["", "/fr"])
def test_a_reset_link_goes_to_the_portal_not_to_the_host_the_request_named(friend_user, settings, language_prefix):
    settings.PORTAL_URL = "https://portal.example.org"
    # A host the site answers for (another of its names, or one a proxy passes on), with a port of its own.
    settings.ALLOWED_HOSTS = ["testserver", "forged.example.net"]
    response = Client().post(
        language_prefix + reverse("password_reset"), {"email": friend_user.email}, HTTP_HOST="forged.example.net:8080"
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    link = link_in(message)
    assert link.startswith(f"https://portal.example.org{language_prefix}/accounts/reset/")
    assert "forged" not in message.body and "forged" not in message.subject
    # The link works at that address: its path, asked of the portal, is the form to choose a password.
    visitor = Client()
    form_page = visitor.get(link.removeprefix("https://portal.example.org"), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(db):
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_e_mails_are_limited_per_address_and_per_client_with_the_same_answer(friend_user, django_user_model):
    # Anyone may send the form: without limits, anyone could fill an account holder's mailbox.
    for _attempt in range(5):
        response = Client().post(reverse("password_reset"), {"email": friend_user.email}, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 3  # three a day for one address
    other = django_user_model.objects.create_user("other", "other@example.org", PASSWORD)
    Client().post(reverse("password_reset"), {"email": other.email}, REMOTE_ADDR="203.0.113.7")
    assert len(mail.outbox) == 3  # and that client has asked five times this hour already
    Client().post(reverse("password_reset"), {"email": other.email}, REMOTE_ADDR="198.51.100.4")
    assert [message.to for message in mail.outbox[3:]] == [[other.email]]


def test_a_signed_in_user_changes_their_password(friend_user):
    friend_user.set_password("old-password-1")
    friend_user.save()
    client = Client()
    sign_in(client, "friend", "old-password-1")
    response = client.post(
        reverse("password_change"),
        {"old_password": "old-password-1", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 302
    assert sign_in(Client(), "friend", PASSWORD).status_code == 302


# --- Standing ---------------------------------------------------------------------


def test_an_account_linked_to_no_person_is_no_friend(django_user_model, contact_list):
    user = django_user_model.objects.create_user("stranger", "s@example.org", PASSWORD)
    standing = standing_of(user)
    assert not standing.reads_circulated and not standing.editable_group_ids


def test_a_person_only_on_an_earlier_contact_list_is_no_longer_a_friend(contact_list):
    earlier = factories.ContactListEditionFactory(as_of=contact_list.as_of.replace(year=contact_list.as_of.year - 1))
    member = factories.ContactListMemberFactory(entry__edition=earlier)
    user = account_for(member.person, "left")
    assert not standing_of(user).reads_circulated


def test_a_current_post_holder_reads_circulated_drafts_even_off_the_list(db):
    person = factories.PersonFactory()
    factories.AppointmentFactory(role="friend", country=person.country, **CURRENT_TERM)
    assert standing_of(account_for(person, "holder")).reads_circulated


# --- The demo coordinator ---------------------------------------------------------


def test_the_demo_coordinator_signs_in_and_updates_the_page_the_public_sees(demo_data, settings):
    settings.DEBUG = True  # the command refuses to make accounts with known passwords otherwise
    call_command("create_demo_accounts", password=PASSWORD)
    group = WorkingGroup.objects.get(slug="general-status-and-operation")

    coordinator = Client()
    assert sign_in(coordinator, "coordinator", PASSWORD).status_code == 302
    workspace = coordinator.get(reverse("workspace:my_groups")).text
    assert group.name in workspace

    edit_url = reverse("workspace:page_edit", args=[group.slug])
    form = coordinator.get(edit_url).context["form"]
    data = {name: form.initial.get(name) or "" for name in WorkingGroup.PAGE_FIELDS}
    data |= {
        "overview": "Norway will circulate the **Vientiane action plan** review.",
        "revision": form["revision"].value(),
    }
    assert coordinator.post(edit_url, data).status_code == 302

    public = Client().get(group.get_absolute_url()).text
    assert "Norway will circulate the <strong>Vientiane action plan</strong> review." in public
    assert coordinator.get(reverse("workspace:page_edit", args=["universalization"])).status_code == 403
    assert get_user_model().objects.get(username="coordinator").person.name == "Ingunn Vatne"


def test_demo_accounts_never_take_over_a_real_persons_sign_in(demo_data, settings):
    """On a real installation's database (someone invited signs in as herself), the command that makes
    accounts with known passwords refuses, whatever DEBUG a hand-run manage.py has, and changes nothing."""
    settings.DEBUG = True  # as a manage.py run by hand without the server's environment has it
    person = Person.objects.get(name="Ingunn Vatne")  # the demo coordinator's person
    real = account_for(person, "ivatne")

    with pytest.raises(CommandError, match=r"Ingunn Vatne \(as ivatne\).*Nothing was changed"):
        call_command("create_demo_accounts", password=PASSWORD)
    person.refresh_from_db()
    assert person.user == real
    assert not get_user_model().objects.filter(username__in=["coordinator", "coordinator-japan", "friend"]).exists()


def test_demo_accounts_never_reset_the_password_of_an_account_they_did_not_make(demo_data, settings):
    settings.DEBUG = True
    staff = get_user_model().objects.create_user("friend", "p.bronchain@example.org", PASSWORD, is_staff=True)

    with pytest.raises(CommandError, match="The account friend was not made by create_demo_accounts"):
        call_command("create_demo_accounts", password="demo")
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert sign_in(Client(), "friend", "demo").status_code == 200  # the sign-in page again, with its error


def test_demo_accounts_are_made_again_on_the_demo_database(demo_data, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts", password="first")
    call_command("create_demo_accounts", password=PASSWORD)  # bin/quickstart runs it on every start
    assert sign_in(Client(), "friend", PASSWORD).status_code == 302
