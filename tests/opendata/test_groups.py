"""Working groups with their appointments: Popolo organizations and memberships, public to all."""

import pytest

from tests import factories
from tests.conftest import CURRENT_TERM, ENDED_TERM

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    norway = factories.CountryFactory(name="Norway", is_state_party=True)
    cmc = factories.OrganisationFactory(name="CMC/ICBL", kind="civil_society")
    group = factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance", position=1)
    committee = factories.WorkingGroupFactory(
        name="Coordination Committee", slug="coordination-committee", kind="committee", position=9
    )
    current = factories.AppointmentFactory(group=group, country=norway, role="coordinator", **CURRENT_TERM)
    person = factories.PersonFactory(country=norway)
    factories.EmailAddressFactory(person=person, address="named.person@example.org")
    current.people.add(person)
    factories.AppointmentFactory(group=group, country=norway, role="co_coordinator", **ENDED_TERM)
    factories.AppointmentFactory(group=committee, country=None, organisation=cmc, role="member", **CURRENT_TERM)
    return {"group": group, "committee": committee, "current": current}


def test_a_group_is_a_popolo_organization_with_its_memberships(api_client, groups):
    response = api_client.get("/api/v1/groups/victim-assistance/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    group = response.json()
    assert group["id"] == "victim-assistance"
    assert group["url"] == "http://testserver/api/v1/groups/victim-assistance/"
    assert group["html_url"] == "http://testserver/groups/victim-assistance/"
    assert group["classification"] == "working_group"
    assert group["committee_members"] is None
    first, second = group["memberships"]
    assert (second["role"], second["label"], second["current"]) == ("coordinator", "Coordinator", True)
    assert second["member"] == second["on_behalf_of"]
    assert second["member"]["name"] == "Norway"
    assert second["member"]["classification"] == "state_party"
    assert second["organization_id"] == "victim-assistance"
    assert second["start_date"] == CURRENT_TERM["start_date"].isoformat()
    assert (first["role"], first["current"]) == ("co_coordinator", False)
    # People named on a post are not published, nor their addresses.
    assert b"@" not in response.content
    assert b"named.person" not in response.content


def test_a_committee_lists_its_members_derived_from_the_groups(api_client, groups):
    committee = api_client.get("/api/v1/groups/coordination-committee/").json()

    members = committee["committee_members"]
    assert [(member["member"]["name"], member["derived"]) for member in members] == [
        ("Norway", True),
        ("CMC/ICBL", False),
    ]
    assert members[0]["post"] == "Coordinator, Victim Assistance"
    assert members[0]["organization_id"] == "victim-assistance"


def test_the_list_is_paginated_and_filtered_by_classification(api_client, groups):
    page = api_client.get("/api/v1/groups/").json()
    assert page["count"] == 2
    assert [group["id"] for group in page["results"]] == ["victim-assistance", "coordination-committee"]

    committees = api_client.get("/api/v1/groups/?classification=committee").json()
    assert [group["id"] for group in committees["results"]] == ["coordination-committee"]


@pytest.mark.parametrize(
    ("address", "status", "field"),
    [
        ("/api/v1/groups/?classification=club", 400, "classification"),
        ("/api/v1/groups/?colour=red", 400, "colour"),
        ("/api/v1/groups/?page=abc", 400, "page"),
        ("/api/v1/groups/?page=0", 400, "page"),
        ("/api/v1/groups/?page=99999", 404, "detail"),
        ("/api/v1/groups/?page=99999999999999999999999", 400, "page"),
        ("/api/v1/groups/?page_size=100000", 400, "page_size"),
        ("/api/v1/groups/no-such-group/", 404, "detail"),
        ("/api/v1/groups/victim-assistance/?page=2", 400, "page"),
        ("/api/v1/groups/%C3%A9t%C3%A9/", 404, "detail"),
    ],
)
def test_bad_input_is_a_clear_json_error(api_client, groups, address, status, field):
    response = api_client.get(address)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert field in response.json()
