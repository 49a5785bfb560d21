"""Given and family names: split as the list writes them, particles with the family name, corrected by staff."""

import importlib

import pytest
import vobject
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from contacts.models import Person
from contacts.names import name_split
from demo import contacts_2010
from tests.factories import CountryFactory


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("John Mac Bride", "John", "Mac Bride"),
        ("Jon-Erik Strømø", "Jon-Erik", "Strømø"),
        ("Jörg-Alexander Albrecht", "Jörg-Alexander", "Albrecht"),
        ("James O'Shea", "James", "O'Shea"),
        ("Brian McNally", "Brian", "McNally"),
        ("Sean Mc Donagh", "Sean", "Mc Donagh"),
        ("Ingunn Vatne", "Ingunn", "Vatne"),
        ("Ludwig van der Berg", "Ludwig", "van der Berg"),
        ("Ursula von der Leyen", "Ursula", "von der Leyen"),
        ("Maria De La Cruz", "Maria", "De La Cruz"),
        ("Luca da Silva", "Luca", "da Silva"),
        ("Ana del Valle", "Ana", "del Valle"),
        ("Paolo di Stefano", "Paolo", "di Stefano"),
        ("Jean Le Pen", "Jean", "Le Pen"),
        ("Ahmad bin Ali", "Ahmad", "bin Ali"),
        ("Khalid al- Hassan", "Khalid", "al- Hassan"),
        ("Khalid al-Hassan", "Khalid", "al-Hassan"),
        ("Anna Maria Schmidt", "Anna Maria", "Schmidt"),
        ("Le Anh", "Le", "Anh"),  # a particle is never the whole given name
        ("Yong", "", "Yong"),
        ("  John   Mac  Bride ", "John", "Mac Bride"),
    ],
)
def test_a_name_splits_at_the_last_space_with_its_particles(name, given, family):
    assert name_split(name) == (given, family)


def test_the_rule_splits_every_name_of_the_seed_as_the_demo_data_does():
    people = [person for _, _, named in contacts_2010.ENTRIES for person in named]
    assert len(people) == 29
    for given, family, _ in people:
        assert name_split(contacts_2010.listed_name(given, family)) == (given, family)


@pytest.mark.django_db
def test_the_demo_data_stores_each_name_as_listed_and_its_parts(demo_data):
    parts = {person.name: (person.given_name, person.family_name) for person in Person.objects.all()}
    assert parts["John Mac Bride"] == ("John", "Mac Bride")
    assert parts["Jörg-Alexander Albrecht"] == ("Jörg-Alexander", "Albrecht")
    assert parts["Khonepheng Thammavong"] == ("Khonepheng", "Thammavong")
    assert parts["Jon-Erik Strømø"] == ("Jon-Erik", "Strømø")
    assert parts["Yong"] == ("", "Yong")  # the 1MSP chair, "Ambassador Yong" in the minutes
    assert all(family for _, family in parts.values())


@pytest.mark.django_db
def test_a_person_saved_with_a_name_only_gets_it_split():
    person = Person(name="John  Mac Bride", country=CountryFactory())
    person.full_clean()
    assert (person.name, person.given_name, person.family_name) == ("John Mac Bride", "John", "Mac Bride")


@pytest.mark.django_db
def test_parts_that_contradict_the_name_as_listed_are_refused():
    person = Person(name="John Mac Bride", given_name="John", family_name="McBride", country=CountryFactory())
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert set(error.value.message_dict) == {"given_name", "family_name"}
    # The list may write the family name first: the parts are what address books need.
    Person(name="Siyothula Phakamisa", given_name="Phakamisa", family_name="Siyothula").clean()
    Person(name="John Mac Bride", given_name="John Mac", family_name="Bride").clean()  # a middle name


@pytest.mark.parametrize(("given", "family"), [("John", ""), ("Mac", "John"), ("John", "John"), ("", "Bride")])
def test_parts_that_leave_out_or_repeat_part_of_the_name_are_refused(given, family):
    """Each is a word of "John Mac Bride", but together they are not the name."""
    with pytest.raises(ValidationError) as error:
        Person(name="John Mac Bride", given_name=given, family_name=family).clean()
    assert "must make up the name as listed (“John Mac Bride”)" in error.value.message_dict["family_name"][0]


@pytest.mark.django_db
def test_staff_correct_a_split_in_the_admin_and_the_vcard_follows(demo_data, staff_client):
    person = Person.objects.get(name="Siyothula Phakamisa")
    url = reverse("admin:contacts_person_change", args=[person.pk])
    form = staff_client.get(url)
    assert 'name="given_name" value="Siyothula"' in form.text
    assert 'name="family_name" value="Phakamisa"' in form.text
    data = {
        "name": person.name,
        "given_name": "Phakamisa",
        "family_name": "Siyothula",
        "title": "",
        "country": person.country_id,
        "organisation": "",
        "user": "",
        "email_addresses-TOTAL_FORMS": "1",
        "email_addresses-INITIAL_FORMS": "1",
        "email_addresses-MIN_NUM_FORMS": "0",
        "email_addresses-MAX_NUM_FORMS": "1000",
        "email_addresses-0-id": person.email_addresses.get().pk,
        "email_addresses-0-person": person.pk,
        "email_addresses-0-address": "SiyothulaP@dirco.gov.za",
        "email_addresses-0-position": "1",
        "_save": "Save",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert (person.name, person.given_name, person.family_name) == ("Siyothula Phakamisa", "Phakamisa", "Siyothula")

    card = next(
        card
        for card in vobject.readComponents(
            staff_client.get(reverse("contacts:edition_vcf", args=["2010-11-12"])).content.decode()
        )
        if card.fn.value == "Siyothula Phakamisa"  # the name as the list prints it
    )
    assert (card.n.value.family, card.n.value.given) == ("Siyothula", "Phakamisa")


def test_the_migration_splits_the_names_of_people_saved_before_it(db):
    """Its data step (contacts 0006, split_names) on rows as saved before it, a name and no parts, through
    the migration's own historical model. Run on the migrated schema: migrating the whole database back
    to 0005 and forward again (every later migration of every app) took minutes of CI for this."""
    name = "0006_person_given_and_family_names"
    migration = importlib.import_module(f"contacts.migrations.{name}")
    historical = MigrationExecutor(connection).loader.project_state([("contacts", name)]).apps
    saved_before = historical.get_model("contacts", "Person")
    pks = {name: saved_before.objects.create(name=name).pk for name in ("John Mac Bride", "Ludwig van der Berg")}
    assert Person.objects.filter(pk__in=pks.values(), given_name="", family_name="").count() == 2  # none stored

    migration.split_names(historical, schema_editor=None)
    assert Person.objects.get(pk=pks["John Mac Bride"]).name_parts == ("John", "Mac Bride")
    assert Person.objects.get(pk=pks["Ludwig van der Berg"]).name_parts == ("Ludwig", "van der Berg")
    assert Person.objects.filter(given_name="Ludwig", family_name="van der Berg").exists()  # stored, not computed
