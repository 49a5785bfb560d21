"""The Coordination Committee's members are derived: the current coordinators of every working group and
thematic area and its chair (the President of the Meeting of States Parties), never typed a second time."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import CURRENT_TERM, ENDED_TERM
from workgroups.models import Appointment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
migration_0007 = importlib.import_module("workgroups.migrations.0007_committee_membership_derived")


@pytest.fixture
def committee():
    return factories.WorkingGroupFactory(
        name="Coordination Committee", slug="coordination-committee", kind="committee", position=9
    )


@pytest.fixture
def programme(committee):
    """A President, two current coordinators, one former one, a civil society member, a Friend."""
    victim_assistance = factories.WorkingGroupFactory(name="Victim Assistance", position=3)
    reporting = factories.WorkingGroupFactory(name="Reporting", kind="thematic_area", position=7)
    austria = factories.CountryFactory(name="Austria")
    belgium = factories.CountryFactory(name="Belgium")
    lebanon = factories.CountryFactory(name="Lebanon")
    factories.AppointmentFactory(group=victim_assistance, country=austria, role="coordinator", **CURRENT_TERM)
    factories.AppointmentFactory(group=reporting, country=belgium, role="co_coordinator", **CURRENT_TERM)
    factories.AppointmentFactory(
        group=reporting, country=factories.CountryFactory(name="Chile"), role="coordinator", **ENDED_TERM
    )
    factories.AppointmentFactory(
        group=victim_assistance, country=factories.CountryFactory(name="Norway"), role="friend", **CURRENT_TERM
    )
    factories.AppointmentFactory(group=committee, country=lebanon, role="chair", **CURRENT_TERM)
    cmc = factories.OrganisationFactory(name="CMC/ICBL")
    factories.AppointmentFactory(group=committee, country=None, organisation=cmc, role="member", **CURRENT_TERM)
    return {"victim_assistance": victim_assistance, "reporting": reporting, "austria": austria, "lebanon": lebanon}


def members_table(html: str) -> str:
    start = html.index('<table class="committee-members">')
    return html[start : html.index("</table>", start)]


def test_committee_page_lists_the_president_the_current_coordinators_and_its_other_members(
    client, committee, programme
):
    table = members_table(client.get(committee.get_absolute_url()).text)

    rows = [
        "Lebanon",
        "President of the Meeting of States Parties (Chair)",
        "Austria",
        "Coordinator, Victim Assistance",
        "Belgium",
        "Co-coordinator, Reporting",
        "CMC/ICBL",
        "<td>Member</td>",
    ]
    assert [table.index(text) for text in rows] == sorted(table.index(text) for text in rows)
    assert f'href="{programme["victim_assistance"].get_absolute_url()}"' in table  # where the post is recorded
    assert "Chile" not in table  # a former coordinator
    assert "Norway" not in table  # a Friend is no coordinator


def test_a_coordinator_appointed_in_a_group_is_on_the_committee_at_once_and_leaves_with_the_term(
    client, committee, programme
):
    solvenia = factories.CountryFactory(name="Slovenia")
    appointment = factories.AppointmentFactory(
        group=programme["victim_assistance"], country=solvenia, role="co_coordinator", **CURRENT_TERM
    )
    assert "Slovenia" in members_table(client.get(committee.get_absolute_url()).text)

    appointment.end_date = TODAY - datetime.timedelta(days=1)
    appointment.save()
    assert "Slovenia" not in members_table(client.get(committee.get_absolute_url()).text)


def test_a_committee_without_members_says_so(client, committee):
    assert "No members at present." in client.get(committee.get_absolute_url()).text


def test_the_list_of_groups_shows_the_committees_derived_members(client, committee, programme):
    html = client.get(reverse("workgroups:group_list")).text
    row = html[html.index(committee.get_absolute_url()) :]
    row = row[: row.index("</tr>")]
    assert "Lebanon (President of the Meeting of States Parties (Chair)" in row
    assert "Austria (Coordinator, Victim Assistance" in row
    assert "Belgium (Co-coordinator, Reporting" in row
    assert "CMC/ICBL (Member" in row


def test_the_admin_shows_the_derived_members_read_only_and_says_where_they_come_from(
    staff_client, committee, programme
):
    page = staff_client.get(reverse("admin:workgroups_workinggroup_change", args=[committee.pk])).text

    assert "Members today" in page
    assert "Austria (Coordinator, Victim Assistance, " in page
    assert "from the group&#x27;s appointments" in page
    assert "To change a coordinator, change the appointment in their group." in page
    # Read-only: no field of the form names the derived members.
    assert 'name="committee_membership"' not in page
    other = staff_client.get(reverse("admin:workgroups_workinggroup_change", args=[programme["reporting"].pk])).text
    assert "Members today" not in other


def test_a_coordinator_cannot_be_typed_on_the_committee(committee, programme):
    appointment = Appointment(
        group=committee, country=factories.CountryFactory(), role="coordinator", start_date=TODAY, end_date=None
    )
    with pytest.raises(ValidationError, match="record only its chair"):
        appointment.full_clean()


def test_a_member_who_coordinates_a_group_meanwhile_is_refused_as_typed_twice(committee, programme):
    austria = programme["austria"]
    twice = Appointment(group=committee, country=austria, role="member", **CURRENT_TERM)
    with pytest.raises(ValidationError, match="Austria is a member already, as coordinator of Victim Assistance"):
        twice.full_clean()
    # Before the coordinator's term (e.g. as President-designate), the same country may be recorded.
    before = Appointment(
        group=committee,
        country=austria,
        role="member",
        start_date=CURRENT_TERM["start_date"] - datetime.timedelta(days=200),
        end_date=CURRENT_TERM["start_date"] - datetime.timedelta(days=1),
    )
    before.full_clean()


def test_the_admin_refuses_a_coordinator_typed_on_the_committee_and_keeps_what_was_entered(
    staff_client, committee, programme
):
    count = Appointment.objects.count()
    response = staff_client.post(
        reverse("admin:workgroups_appointment_add"),
        {
            "group": committee.pk,
            "role": "member",
            "country": programme["austria"].pk,
            "start_date": CURRENT_TERM["start_date"].isoformat(),
            "end_date": CURRENT_TERM["end_date"].isoformat(),
        },
    )
    assert response.status_code == 200
    assert "is a member already, as coordinator of Victim Assistance" in response.text
    assert f'value="{CURRENT_TERM["start_date"].isoformat()}"' in response.text
    assert Appointment.objects.count() == count


def test_migration_removes_memberships_typed_twice_and_keeps_what_nothing_derives(committee, programme):
    austria, lebanon = programme["austria"], programme["lebanon"]
    person = factories.PersonFactory(country=austria)
    start, end = CURRENT_TERM["start_date"], CURRENT_TERM["end_date"]
    # Rows as databases hold them from before the rule: saved without full_clean().
    typed = {
        # Austria coordinates Victim Assistance over this whole term: derived.
        "coordinator typed again": Appointment.objects.create(
            group=committee, country=austria, role="member", start_date=start, end_date=end
        ),
        # The President typed again as a member: derived from the chair.
        "president typed again": Appointment.objects.create(
            group=committee, country=lebanon, role="member", start_date=start, end_date=end
        ),
        # Reaching a year beyond Austria's post: kept.
        "longer term": Appointment.objects.create(
            group=committee,
            country=austria,
            role="coordinator",
            start_date=start,
            end_date=end.replace(year=end.year + 1),
        ),
        # Naming someone Austria's post does not name: kept.
        "names a person": Appointment.objects.create(
            group=committee,
            country=austria,
            role="co_coordinator",
            start_date=start + datetime.timedelta(days=1),
            end_date=end,
        ),
        # The President-designate: no post derives it.
        "president-designate": Appointment.objects.create(
            group=committee,
            country=factories.CountryFactory(name="Mexico"),
            role="member",
            start_date=start,
            end_date=end,
        ),
    }
    typed["names a person"].people.add(person)

    migration_0007.remove_typed_twice(apps, schema_editor=None)

    kept = set(Appointment.objects.filter(group=committee).values_list("pk", flat=True))
    assert {name for name, appointment in typed.items() if appointment.pk in kept} == {
        "longer term",
        "names a person",
        "president-designate",
    }
    assert Appointment.objects.filter(group=committee, role="chair").exists()  # the presidency itself stays
    assert Appointment.objects.filter(group=committee, organisation__name="CMC/ICBL").exists()
    # Each removal is in the appointment's history, with the reason. (Here simple_history records the
    # deletion too, as the live models are used; a migration's historical models send no signals.)
    removed = Appointment.history.filter(id=typed["coordinator typed again"].pk, history_type="-")
    reasons = [row.history_change_reason for row in removed]
    assert "Derived from the coordinators' posts and the President (migration 0007)" in reasons
    assert {row.country_id for row in removed} == {austria.pk}


def test_the_committee_page_names_states_and_organisations_never_people_or_addresses(client, committee, programme):
    chair = Appointment.objects.get(group=committee, role="chair")
    person = factories.PersonFactory(name="Najla Assaker", country=programme["lebanon"])
    factories.EmailAddressFactory(person=person, address="najla.assaker@example.org")
    chair.people.add(person)

    html = client.get(committee.get_absolute_url()).text

    assert "Lebanon" in members_table(html)
    assert "Najla Assaker" not in html
    assert "najla.assaker@example.org" not in html
