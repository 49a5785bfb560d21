"""A group's calendar (.ics) has the group's meetings, under the meetings calendar's privacy rules."""

import pytest
import vobject
from django.urls import reverse

from tests import factories
from workgroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def summaries(client, slug) -> set[str]:
    response = client.get(reverse("meetings:group_meetings_ics", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="ccm-{slug}.ics"'
    calendar = vobject.readOne(response.content.decode())
    return {event.summary.value for event in getattr(calendar, "vevent_list", [])}


def test_a_groups_calendar_has_the_seed_meetings_that_took_up_its_work(client, demo_data):
    assert summaries(client, "victim-assistance") == {
        "Meeting of the Friends of the President of the 1MSP to the CCM",
        "Second Meeting of States Parties",
    }
    assert summaries(client, "coordination-committee") == {"Second Meeting of States Parties"}


def test_a_closed_meeting_is_in_the_groups_calendar_for_friends_only(client, friend_client, demo_data):
    group = WorkingGroup.objects.get(slug="reporting")
    closed = factories.MeetingFactory(title="Closed consultation on reporting", is_public=False)
    closed.groups.add(group)

    assert "Closed consultation on reporting" not in summaries(client, group.slug)
    assert "Closed consultation on reporting" in summaries(friend_client, group.slug)
    # The meetings calendar keeps the same rule.
    everything = client.get(reverse("meetings:meetings_ics")).content.decode()
    assert "Closed consultation on reporting" not in everything


def test_an_unknown_groups_calendar_is_not_found(client, db):
    assert client.get(reverse("meetings:group_meetings_ics", args=["no-such-group"])).status_code == 404
