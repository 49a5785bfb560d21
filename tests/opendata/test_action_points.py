"""Action points: public once the reader may read the minutes that record them, as on the meeting page."""

import pytest

from meetings.models import ActionPoint
from meetings.services import minutes_circulate, minutes_publish
from publishing.services import document_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


def ids(client, query="") -> list[str]:
    return [point["text"] for point in client.get(f"/api/v1/action-points/{query}").json()["results"]]


@pytest.fixture
def points(db, staff_user):
    published = factories.MeetingFactory(slug="published-minutes")
    circulated = factories.MeetingFactory(slug="circulated-minutes")
    closed = factories.MeetingFactory(slug="closed-meeting", is_public=False)
    unissued = factories.MeetingFactory(slug="no-minutes-yet")
    person = factories.PersonFactory(name="Owner Person")
    factories.EmailAddressFactory(person=person, address="owner.person@example.org")
    group = factories.WorkingGroupFactory(slug="victim-assistance")
    public_point = factories.ActionPointFactory(
        meeting=published, text="Public point", owner="Presidency", owner_person=person, group=group
    )
    public_point.reviewed_at.add(closed, circulated)
    factories.ActionPointFactory(meeting=circulated, text="Draft point")
    factories.ActionPointFactory(meeting=closed, text="Closed meeting point")
    factories.ActionPointFactory(meeting=unissued, text="Unrecorded point")
    minutes_publish(minutes=factories.MinutesFactory(meeting=published), by=staff_user)
    minutes_circulate(minutes=factories.MinutesFactory(meeting=circulated), by=staff_user)
    minutes_publish(minutes=factories.MinutesFactory(meeting=closed), by=staff_user)
    return public_point


def test_the_public_reads_the_points_of_published_minutes_only(api_client, stranger_api, points):
    assert ids(api_client) == ["Public point"]
    assert ids(stranger_api) == ["Public point"]


def test_friends_also_read_those_of_circulated_minutes_and_closed_meetings(friend_api, staff_api, points):
    expected = {"Public point", "Draft point", "Closed meeting point"}
    assert set(ids(friend_api)) == expected
    assert set(ids(staff_api)) == expected


def test_a_point_names_its_meetings_as_the_reader_may_see_them(api_client, friend_api, points):
    response = api_client.get(f"/api/v1/action-points/{points.pk}/")
    point = response.json()

    assert point["owner"] == "Presidency"
    assert point["meeting"]["id"] == "published-minutes"
    assert point["group"]["id"] == "victim-assistance"
    assert point["html_url"] == "http://testserver/meetings/published-minutes/#minutes"
    # The closed meeting that reviewed it is not named to the public; the owner's person never is.
    assert [meeting["id"] for meeting in point["reviewed_at"]] == ["circulated-minutes"]
    assert b"Owner Person" not in response.content
    assert b"@" not in response.content
    friend_view = friend_api.get(f"/api/v1/action-points/{points.pk}/").json()
    assert {meeting["id"] for meeting in friend_view["reviewed_at"]} == {"circulated-minutes", "closed-meeting"}


def test_points_of_withdrawn_minutes_or_hidden_meetings_are_not_found(api_client, points, staff_user):
    hidden = ActionPoint.objects.get(text="Closed meeting point")
    assert api_client.get(f"/api/v1/action-points/{hidden.pk}/").status_code == 404

    document_withdraw(document=points.meeting.minutes, by=staff_user, reason="Wrong meeting.")
    assert api_client.get(f"/api/v1/action-points/{points.pk}/").status_code == 404
    assert ids(api_client) == []


def test_points_are_filtered_by_status_kind_group_and_meeting(api_client, friend_api, points):
    assert ids(api_client, "?status=open") == ["Public point"]
    assert ids(api_client, "?status=done") == []
    assert ids(api_client, "?group=victim-assistance") == ["Public point"]
    assert ids(api_client, "?meeting=published-minutes") == ["Public point"]
    assert ids(api_client, "?kind=friends") == ["Public point"]
    # A closed meeting is no valid choice for the public: the answer does not reveal it exists.
    refused = api_client.get("/api/v1/action-points/?meeting=closed-meeting")
    assert refused.status_code == 400
    assert refused.json() == api_client.get("/api/v1/action-points/?meeting=no-such-meeting").json()
    assert ids(friend_api, "?meeting=closed-meeting") == ["Closed meeting point"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/action-points/99999999999999999999999/",
        "/api/v1/action-points/9223372036854775808/",
        "/api/v1/action-points/0/",
        "/api/v1/action-points/-1/",
        "/api/v1/action-points/abc/",
    ],
)
def test_an_unknown_or_huge_id_is_a_json_404(api_client, points, address):
    response = api_client.get(address)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()
