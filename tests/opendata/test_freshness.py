"""Every change to what the API shows reaches anonymous clients at once, though their answers are stored."""

import datetime

import pytest

from meetings.models import ActionPoint, Agenda
from meetings.services import action_points_set_status, minutes_publish
from publishing.services import document_publish
from tests import factories
from tests.conftest import CURRENT_TERM
from workgroups.models import Appointment
from workgroups.services import group_page_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance", overview="Old overview.")


def test_an_appointment_added_in_the_admin_shows_at_once(api_client, staff_client, group, committed):
    norway = factories.CountryFactory(name="Norway", is_state_party=True)
    assert api_client.get("/api/v1/groups/victim-assistance/").json()["memberships"] == []  # stored now

    with committed():
        response = staff_client.post(
            "/admin/workgroups/appointment/add/",
            {
                "group": group.pk,
                "role": "coordinator",
                "country": norway.pk,
                "start_date": CURRENT_TERM["start_date"].isoformat(),
                "end_date": CURRENT_TERM["end_date"].isoformat(),
            },
        )
    assert response.status_code == 302, response.content
    memberships = api_client.get("/api/v1/groups/victim-assistance/").json()["memberships"]
    assert [(m["member"]["name"], m["current"]) for m in memberships] == [("Norway", True)]

    appointment = Appointment.objects.get()
    with committed():
        staff_client.post(f"/admin/workgroups/appointment/{appointment.pk}/delete/", {"post": "yes"})
    assert api_client.get("/api/v1/groups/victim-assistance/").json()["memberships"] == []


def test_a_coordinators_page_edit_shows_at_once(api_client, staff_user, group, committed):
    assert api_client.get("/api/v1/groups/").json()["results"][0]["overview"] == "Old overview."

    with committed():
        revision = group.history.latest("history_id").history_id
        group_page_update(group=group, revision=revision, changes={"overview": "New overview."}, by=staff_user)

    assert api_client.get("/api/v1/groups/").json()["results"][0]["overview"] == "New overview."


def test_publishing_an_agenda_and_minutes_and_closing_a_point_show_at_once(api_client, staff_user, group, committed):
    meeting = factories.MeetingFactory(slug="friends-2011", start_date=datetime.date(2011, 3, 1))
    factories.AgendaItemFactory(meeting=meeting, title="Opening")
    point = factories.ActionPointFactory(meeting=meeting, text="Write the report.", group=group)
    assert api_client.get("/api/v1/meetings/friends-2011/").json()["agenda"] is None
    assert api_client.get("/api/v1/action-points/").json()["count"] == 0

    with committed():
        document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)
        minutes_publish(minutes=factories.MinutesFactory(meeting=meeting), by=staff_user)
    assert api_client.get("/api/v1/meetings/friends-2011/").json()["agenda"]["items"][0]["title"] == "Opening"
    assert api_client.get(f"/api/v1/action-points/{point.pk}/").json()["status"] == "open"

    with committed():
        action_points_set_status(group=group, statuses={point.pk: ActionPoint.Status.DONE}, by=staff_user)
    assert api_client.get(f"/api/v1/action-points/{point.pk}/").json()["status"] == "done"
