"""The search page finds meetings, working groups and their updates as well as published documents,
with the same privacy rules as their own pages, and says so when a query holds nothing to look for."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def test_meetings_are_found_by_title_venue_and_city(client):
    factories.MeetingFactory(title="Intersessional meetings", venue="Palais des Nations", city="Geneva")
    factories.MeetingFactory(title="Friends meeting", city="Beirut")
    for query in ("palais nations", "GENEVA", "intersessional geneva"):
        page = client.get(SEARCH, {"q": query}).text
        assert "Intersessional meetings" in page and "Friends meeting" not in page, query
    assert "Friends meeting" in client.get(SEARCH, {"q": "beirut"}).text


def test_a_closed_meeting_is_found_only_by_those_who_may_see_it(client, friend_client):
    factories.MeetingFactory(title="Closed consultation in Vientiane", is_public=False)
    assert "Closed consultation" not in client.get(SEARCH, {"q": "vientiane"}).text
    assert "Closed consultation" in friend_client.get(SEARCH, {"q": "vientiane"}).text


def test_working_groups_and_their_updates_are_found(client):
    group = factories.WorkingGroupFactory(name="Victim Assistance", mandate="<p>Support to survivors.</p>")
    factories.GroupUpdateFactory(group=group, title="Workshop in Maputo", body="Held with the coordinators.")
    page = client.get(SEARCH, {"q": "survivors"}).text
    assert f'href="{group.get_absolute_url()}"' in page and "Victim Assistance" in page
    page = client.get(SEARCH, {"q": "maputo workshop"}).text
    assert "Workshop in Maputo" in page and "Updates from the working groups" in page
    assert "Nothing published matches" not in page


def test_meetings_and_groups_are_listed_on_the_first_page_only(client):
    factories.MeetingFactory(title="Meeting on clearance in Lao")
    assert "Meeting on clearance" in client.get(SEARCH, {"q": "clearance"}).text
    assert "Meeting on clearance" not in client.get(SEARCH, {"q": "clearance", "page": 2}).text


@pytest.mark.parametrize("query", ["!!!", "…", "-- ;", "“”"])
def test_a_query_of_punctuation_only_says_there_is_nothing_to_look_for(client, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "holds no word or number to look for" in response.text
    assert "Nothing published matches" not in response.text


def test_a_nul_byte_in_the_query_is_a_clear_refusal(client):
    response = client.get(SEARCH, {"q": "mine\x00clearance"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
