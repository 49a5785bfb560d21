"""Friends propose corrections to the contact list; staff accept them into the working edition or decline."""

import datetime

import pytest
from django.urls import reverse

from contacts.models import ContactListCorrection, ContactListEdition, EmailAddress, Person
from contacts.services import contact_list_correction_propose, contact_list_edition_issue
from tests import factories
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(contact_list):
    """A row of the newest edition naming one person, with one address."""
    member = factories.ContactListMemberFactory(
        entry__edition=contact_list, person__name="Anna Berg", addresses=["anna@example.org"]
    )
    factories.EmailAddressFactory(person=member.person, address="anna@example.org", position=1)
    return member.entry


@pytest.fixture
def anna(row):
    return row.members.get().person


@pytest.fixture
def stranger_client(db, django_user_model):
    return signed_in_client(django_user_model.objects.create_user("stranger", "s@example.org", "not-used"))


@pytest.fixture
def coordinator_client(coordinator_a_user):
    return signed_in_client(coordinator_a_user)


def propose_url(entry) -> str:
    return reverse("contacts:correction_propose", args=[entry.pk])


def admin_change_url(correction) -> str:
    return reverse("admin:contacts_contactlistcorrection_change", args=[correction.pk])


def a_proposal(row, anna, by, **changes) -> ContactListCorrection:
    correction = ContactListCorrection(entry=row, person=anna, **changes)
    return contact_list_correction_propose(correction=correction, by=by)


# ---------------------------------------------------------------- who may propose


@pytest.mark.parametrize("name", ["propose", "new_row", "list"])
def test_anonymous_visitors_are_sent_to_sign_in_and_see_no_address(client, row, name):
    url = {
        "propose": propose_url(row),
        "new_row": reverse("contacts:correction_new_row"),
        "list": reverse("contacts:correction_list"),
    }[name]
    for response in (client.get(url), client.post(url, {"name": "Forged", "note": "x"})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert b"@" not in response.content
    assert not ContactListCorrection.objects.exists()


def test_signed_in_users_without_standing_are_refused_as_on_the_directory(stranger_client, row):
    assert stranger_client.get(reverse("contacts:directory")).status_code == 403
    for url in (propose_url(row), reverse("contacts:correction_new_row"), reverse("contacts:correction_list")):
        assert stranger_client.get(url).status_code == 403
        assert stranger_client.post(url, {"name": "Forged", "note": "x"}).status_code == 403
    assert not ContactListCorrection.objects.exists()


@pytest.mark.parametrize("persona", ["friend_client", "coordinator_client", "staff_client"])
def test_friends_post_holders_and_staff_propose_and_see_their_proposals(request, row, anna, persona):
    reader = request.getfixturevalue(persona)
    directory = reader.get(reverse("contacts:directory")).content.decode()
    assert "Propose a correction" in directory and "Propose a new row" in directory
    assert propose_url(row) in directory
    response = reader.post(propose_url(row), {"person": anna.pk, "name": "Anna Bergh", "note": "Spelled with an h."})
    assert response.status_code == 302 and response["Location"] == reverse("contacts:correction_list")
    correction = ContactListCorrection.objects.get()
    assert correction.status == "open" and correction.name == "Anna Bergh" and correction.entry == row
    listing = reader.get(reverse("contacts:correction_list")).content.decode()
    assert "Open" in listing
    detail = reader.get(reverse("contacts:correction_detail", args=[correction.pk])).content.decode()
    assert "Anna Bergh" in detail and "Spelled with an h." in detail
    anna.refresh_from_db()
    assert anna.name == "Anna Berg"  # waits for staff


def test_a_new_row_is_proposed_with_a_country_named_in_words(friend_client, contact_list):
    response = friend_client.post(
        reverse("contacts:correction_new_row"),
        {"role": "Clearance", "name": "Ola Nordmann", "addresses": "ola@example.no", "affiliation_in_words": "Norway"},
    )
    assert response.status_code == 302
    correction = ContactListCorrection.objects.get()
    assert correction.new_row and correction.entry is None and correction.addresses == ["ola@example.no"]
    assert correction.status == "open"


# ---------------------------------------------------------------- forged ids and bad input


def test_a_row_of_another_edition_is_not_found(friend_client, contact_list, anna):
    older = factories.ContactListEditionFactory(as_of=contact_list.as_of - datetime.timedelta(days=300))
    old_row = factories.ContactListMemberFactory(entry__edition=older, person=anna).entry
    assert friend_client.get(propose_url(old_row)).status_code == 404
    assert friend_client.post(propose_url(old_row), {"person": anna.pk, "name": "Forged"}).status_code == 404
    assert not ContactListCorrection.objects.exists()


def test_another_persons_proposal_is_not_found(friend_client, coordinator_a_user, row, anna):
    theirs = a_proposal(row, anna, coordinator_a_user, name="Anna Bergh")
    assert friend_client.get(reverse("contacts:correction_detail", args=[theirs.pk])).status_code == 404
    assert "Anna Bergh" not in friend_client.get(reverse("contacts:correction_list")).content.decode()


def test_a_person_not_on_the_row_cannot_be_named(friend_client, row, contact_list):
    elsewhere = factories.ContactListMemberFactory(entry__edition=contact_list).person
    response = friend_client.post(propose_url(row), {"person": elsewhere.pk, "name": "Forged"})
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not ContactListCorrection.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"addresses": "anna@example, anna@example.org"}, "addresses", "Not an e-mail address: anna@example."),
        ({"country": "999999"}, "country", "Select a valid choice"),
        ({"organisation": "999999"}, "organisation", "Select a valid choice"),
        ({"leaves": "on"}, "leaves", "Choose who leaves the row."),
        ({"note": "Just a note"}, "__all__", "The proposal changes nothing"),
    ],
)
def test_bad_input_is_named_by_its_field_and_nothing_is_stored(friend_client, row, anna, data, field, message):
    response = friend_client.post(propose_url(row), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message.split(":")[0] in response.content.decode()
    assert not ContactListCorrection.objects.exists()
    assert list(anna.email_addresses.values_list("address", flat=True)) == ["anna@example.org"]


def test_a_new_row_needs_a_name_and_a_country_or_organisation(friend_client, contact_list):
    response = friend_client.post(reverse("contacts:correction_new_row"), {"role": "Clearance"})
    errors = response.context["form"].errors
    assert "name" in errors and "country" in errors
    assert not ContactListCorrection.objects.exists()


# ---------------------------------------------------------------- own addresses


def test_a_friend_corrects_their_own_address_at_once_and_history_names_them(row, anna, django_user_model):
    user = django_user_model.objects.create_user("anna", "a@example.org", "not-used")
    anna.user = user
    anna.save()
    reader = signed_in_client(user)
    response = reader.post(propose_url(row), {"person": anna.pk, "addresses": "anna.berg@example.org"})
    assert response.status_code == 302
    correction = ContactListCorrection.objects.get()
    assert correction.status == "accepted" and correction.decided_by == user
    assert list(anna.email_addresses.values_list("address", flat=True)) == ["anna.berg@example.org"]
    added = EmailAddress.history.get(address="anna.berg@example.org", history_type="+")
    assert added.history_user == user and "proposed by anna" in added.history_change_reason
    removed = EmailAddress.history.get(address="anna@example.org", history_type="-")
    assert removed.history_user == user
    assert "Accepted" in reader.get(reverse("contacts:correction_list")).content.decode()


def test_someone_elses_address_waits_for_staff(friend_client, row, anna):
    friend_client.post(propose_url(row), {"person": anna.pk, "addresses": "anna.berg@example.org"})
    assert ContactListCorrection.objects.get().status == "open"
    assert list(anna.email_addresses.values_list("address", flat=True)) == ["anna@example.org"]


# ---------------------------------------------------------------- the admin


def test_staff_see_the_row_and_the_differences_and_the_open_count(staff_client, friend_user, row, anna):
    correction = a_proposal(row, anna, friend_user, name="Anna Bergh", addresses=["anna.berg@example.org"])
    page = staff_client.get(admin_change_url(correction)).content.decode()
    assert "<del>Anna Berg</del>" in page and "<ins>Anna Bergh</ins>" in page
    assert "<ins>anna.berg@example.org</ins>" in page and "Accept into the working edition" in page
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert "1 open proposal for the contact list" in index


@pytest.mark.parametrize("persona", ["friend_client", "coordinator_client", "stranger_client"])
def test_only_staff_decide_in_the_admin(request, friend_user, row, anna, persona):
    correction = a_proposal(row, anna, friend_user, name="Anna Bergh")
    reader = request.getfixturevalue(persona)
    response = reader.post(admin_change_url(correction), {"_accept": "1"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    correction.refresh_from_db()
    anna.refresh_from_db()
    assert correction.status == "open" and anna.name == "Anna Berg"


def test_staff_accept_into_the_working_edition_and_history_names_the_proposer(
    staff_client, staff_user, friend_user, row, anna
):
    correction = a_proposal(row, anna, friend_user, name="Anna Bergh", addresses=["anna.berg@example.org"])
    response = staff_client.post(admin_change_url(correction), {"_accept": "1", "decline_reason": ""})
    assert response.status_code == 302
    correction.refresh_from_db()
    anna.refresh_from_db()
    assert correction.status == "accepted" and correction.decided_by == staff_user and correction.carried_in is None
    assert anna.name == "Anna Bergh" and anna.family_name == "Bergh"
    changed = anna.history.first()
    assert changed.history_user == staff_user and changed.history_change_reason == (
        f"Correction #{correction.pk} proposed by friend"
    )
    row.members.get().refresh_from_db()
    assert row.members.get().addresses == ["anna@example.org"]  # the issued edition stays as issued


def test_staff_decline_with_a_reason_which_the_proposer_reads(staff_client, friend_client, friend_user, row, anna):
    correction = a_proposal(row, anna, friend_user, name="Anna Bergh")
    response = staff_client.post(admin_change_url(correction), {"_decline": "1", "decline_reason": ""})
    assert response.status_code == 200 and "Give the reason for declining" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == "open"
    staff_client.post(admin_change_url(correction), {"_decline": "1", "decline_reason": "She spells it Berg."})
    correction.refresh_from_db()
    anna.refresh_from_db()
    assert correction.status == "declined" and anna.name == "Anna Berg"
    assert "She spells it Berg." in friend_client.get(reverse("contacts:correction_list")).content.decode()


def test_a_country_named_in_words_is_chosen_by_staff_before_accepting(staff_client, friend_user, contact_list):
    correction = contact_list_correction_propose(
        correction=ContactListCorrection(
            new_row=True, role="Clearance", name="Ola Nordmann", affiliation_in_words="Norway"
        ),
        by=friend_user,
    )
    response = staff_client.post(admin_change_url(correction), {"_accept": "1"})
    assert response.status_code == 200 and "“Norway” in words" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == "open" and not Person.objects.filter(name="Ola Nordmann").exists()
    norway = factories.CountryFactory(name="Norway")
    staff_client.post(admin_change_url(correction), {"_accept": "1", "country": norway.pk})
    correction.refresh_from_db()
    assert correction.status == "accepted" and correction.person.country == norway


# ---------------------------------------------------------------- the next edition carries them


def test_a_new_edition_carries_the_accepted_changes_and_the_compare_page_shows_them(
    staff_client, staff_user, friend_user, friend_client, row, anna, contact_list
):
    moved = a_proposal(row, anna, friend_user, addresses=["anna.berg@example.org"], role="Victim assistance")
    joining = a_proposal(row, None, friend_user, name="Karl Lund", addresses=["karl@example.org"])
    norway = factories.CountryFactory(name="Norway")
    new_row = contact_list_correction_propose(
        correction=ContactListCorrection(new_row=True, role="Clearance", name="Ola Nordmann", country=norway),
        by=friend_user,
    )
    declined = a_proposal(row, anna, friend_user, leaves=True)
    still_open = a_proposal(row, anna, friend_user, name="Anna Bergh")
    for correction in (moved, joining, new_row):
        # The form's country and organisation are as the admin shows them, chosen or not.
        response = staff_client.post(
            admin_change_url(correction), {"_accept": "1", "country": correction.country_id or ""}
        )
        assert response.status_code == 302
    staff_client.post(admin_change_url(declined), {"_decline": "1", "decline_reason": "She stays."})

    as_of = contact_list.as_of + datetime.timedelta(days=1)
    response = staff_client.post(
        reverse("admin:contacts_contactlistedition_issue", args=[contact_list.pk]), {"as_of": as_of.isoformat()}
    )
    assert response.status_code == 302
    edition = ContactListEdition.objects.get(as_of=as_of)
    for correction in (moved, joining, new_row):
        correction.refresh_from_db()
        assert correction.carried_in == edition
    still_open.refresh_from_db()
    assert still_open.entry.edition == edition  # open proposals follow their row into the working edition
    copy = edition.entries.get(position=row.position)
    assert copy.role == "Victim assistance"
    assert [(m.person.name, m.addresses) for m in copy.members.order_by("position")] == [
        ("Anna Berg", ["anna.berg@example.org"]),
        ("Karl Lund", ["karl@example.org"]),
    ]
    assert edition.entries.get(role="Clearance").members.get().person.name == "Ola Nordmann"
    row.refresh_from_db()
    assert row.role != "Victim assistance"  # the issued edition is left as issued

    compare = friend_client.get(
        reverse("contacts:edition_compare"), {"older": contact_list.pk, "newer": edition.pk}
    ).content.decode()
    assert "Karl Lund" in compare and "Ola Nordmann" in compare
    assert "anna@example.org → anna.berg@example.org" in compare and "Victim assistance" in compare
    # Issuing again carries nothing twice.
    later = contact_list_edition_issue(source=edition, as_of=as_of + datetime.timedelta(days=1), by=staff_user)
    assert not later.carried_corrections.exists()


def test_someone_leaving_and_a_row_moving_to_an_organisation_are_carried_and_compared(
    staff_client, staff_user, friend_user, friend_client, row, anna, contact_list
):
    colleague = factories.ContactListMemberFactory(entry=row, person__name="Per Holm", position=2).person
    icrc = factories.OrganisationFactory(name="ICRC", location="ICRC Geneva")
    leaving = a_proposal(row, colleague, friend_user, leaves=True, note="Retired in May.")
    moving = a_proposal(row, None, friend_user, organisation=icrc)
    for correction in (leaving, moving):
        response = staff_client.post(
            admin_change_url(correction), {"_accept": "1", "organisation": correction.organisation_id or ""}
        )
        assert response.status_code == 302
    edition = contact_list_edition_issue(
        source=contact_list, as_of=contact_list.as_of + datetime.timedelta(days=1), by=staff_user
    )
    copy = edition.entries.get(position=row.position)
    assert copy.organisation == icrc and copy.country is None
    assert [member.person for member in copy.members.all()] == [anna]
    removal = copy.members.model.history.get(person_id=colleague.pk, entry_id=copy.pk, history_type="-")
    assert removal.history_user == staff_user and "proposed by friend" in removal.history_change_reason
    compare = friend_client.get(
        reverse("contacts:edition_compare"), {"older": contact_list.pk, "newer": edition.pk}
    ).content.decode()
    assert "Left (1)" in compare and "Per Holm" in compare and "ICRC Geneva" in compare


def test_a_proposal_decided_meanwhile_is_not_decided_again(staff_client, friend_user, row, anna):
    """A second tab, or a colleague who decided first: a message, never a server error."""
    correction = a_proposal(row, anna, friend_user, name="Anna Bergh")
    staff_client.post(admin_change_url(correction), {"_decline": "1", "decline_reason": "She spells it Berg."})
    for button in ({"_accept": "1"}, {"_decline": "1", "decline_reason": "Again."}):
        response = staff_client.post(admin_change_url(correction), button)
        assert response.status_code == 200
        assert "This proposal is declined already: reload the page" in response.content.decode()
    correction.refresh_from_db()
    anna.refresh_from_db()
    assert (correction.status, correction.decline_reason, anna.name) == ("declined", "She spells it Berg.", "Anna Berg")


def test_a_new_edition_is_never_dated_before_the_newest(staff_user, friend_user, row, anna, contact_list):
    """It would carry the accepted corrections, and the list readers use never would."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="A new edition is dated after the newest one"):
        contact_list_edition_issue(
            source=contact_list, as_of=contact_list.as_of - datetime.timedelta(days=30), by=staff_user
        )
    assert ContactListEdition.objects.count() == 1


def test_a_new_edition_is_issued_from_the_newest_only(staff_user, contact_list):
    """The accepted corrections wait on the newest edition's rows: from an older one they would be left behind."""
    from django.core.exceptions import ValidationError

    older = factories.ContactListEditionFactory(as_of=contact_list.as_of - datetime.timedelta(days=60))
    with pytest.raises(ValidationError, match="Issue the new edition from the newest one"):
        contact_list_edition_issue(source=older, as_of=contact_list.as_of + datetime.timedelta(days=1), by=staff_user)
    assert ContactListEdition.objects.count() == 2
