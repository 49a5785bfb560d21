import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from contacts.models import ContactListEntry
from tests.factories import (
    ContactListEntryFactory,
    ContactListMemberFactory,
    CountryFactory,
    EmailAddressFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_country_names_are_unique_whatever_the_case():
    CountryFactory(name="Lao PDR")
    with pytest.raises(ValidationError, match="A country with this name already exists"):
        CountryFactory.build(name="LAO PDR").full_clean()


def test_a_person_has_each_address_once_whatever_the_case():
    address = EmailAddressFactory(address="Stephanie.KARNER@bmeia.gv.at")
    duplicate = EmailAddressFactory.build(person=address.person, address="stephanie.karner@bmeia.gv.at")
    with pytest.raises(ValidationError, match="already has this e-mail address"):
        duplicate.full_clean()


def test_an_entry_names_a_country_or_an_organisation_not_both():
    entry = ContactListEntryFactory.build(
        edition=ContactListEntryFactory().edition, country=CountryFactory(), organisation=OrganisationFactory()
    )
    with pytest.raises(ValidationError, match="either a country or an organisation"):
        entry.full_clean()


def test_affiliation_label_is_the_country_or_where_the_organisation_sits():
    assert ContactListEntryFactory.build(country=CountryFactory.build(name="Ireland")).affiliation_label == "Ireland"
    cmc = OrganisationFactory.build(name="CMC/ICBL", location="UK Geneva")
    assert ContactListEntry(country=None, organisation=cmc).affiliation_label == "UK Geneva"
    undp = OrganisationFactory.build(name="UNDP/BCPR", location="")
    assert ContactListEntry(country=None, organisation=undp).affiliation_label == "UNDP/BCPR"


def test_deleting_a_country_people_belong_to_is_refused():
    person = PersonFactory()
    with pytest.raises(ProtectedError):
        person.country.delete()


def test_deleting_a_person_on_a_contact_list_is_refused():
    member = ContactListMemberFactory()
    with pytest.raises(ProtectedError):
        member.person.delete()
