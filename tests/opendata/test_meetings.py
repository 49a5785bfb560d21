"""Meetings as OCD events: who sees which meeting, and the agenda exactly as its readable version issued it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Agenda, Meeting, MeetingDocument
from publishing.services import document_circulate, document_publish, document_withdraw
from tests import factories
from tests.sample_files import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    group = factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance")
    meeting = factories.MeetingFactory(
        slug="intersessional-2011",
        title="Intersessional meetings",
        kind=Meeting.Kind.INTERSESSIONAL,
        start_date=datetime.date(2011, 1, 24),
        end_date=datetime.date(2011, 2, 11),
        dates_tentative=True,
        dates_note="end of January / beginning of February 2011",
        venue="Palais des Nations",
        room="XVIII",
        city="Geneva",
        languages=["en", "fr", "es"],
    )
    meeting.groups.add(group)
    item = factories.AgendaItemFactory(meeting=meeting, title="Opening", lead="Lao PDR", position=1)
    factories.AgendaItemFactory(meeting=meeting, title="Discussion", parent=item, position=2)
    factories.AgendaItemFactory(
        meeting=meeting, title="Update on 2MSP", lead="Lebanon", lead_wording="– Lebanon", position=3
    )
    return meeting


def test_a_meeting_is_an_ocd_event_with_dates_as_printed(api_client, meeting):
    event = api_client.get("/api/v1/meetings/intersessional-2011/").json()

    assert event["id"] == "intersessional-2011"
    assert event["html_url"] == "http://testserver/meetings/intersessional-2011/"
    assert event["classification"] == "intersessional"
    assert (event["start_date"], event["end_date"]) == ("2011-01-24", "2011-02-11")
    assert event["dates"] == "end of January / beginning of February 2011"
    assert (event["dates_tentative"], event["status"]) == (True, "tentative")
    assert event["location"] == {"name": "Palais des Nations", "room": "XVIII", "city": "Geneva", "country": None}
    assert [language["code"] for language in event["languages"]] == ["en", "fr", "es"]
    assert [group["id"] for group in event["groups"]] == ["victim-assistance"]
    assert event["agenda"] is None  # typed, not issued: staff's working text
    assert event["minutes"] is None
    assert event["action_points_url"] == "http://testserver/api/v1/action-points/?meeting=intersessional-2011"


def test_the_agenda_is_a_tree_as_issued_with_its_leads(api_client, meeting, staff_user):
    paper = MeetingDocument.objects.create(
        meeting=meeting, title="Paper", symbol="CCM/MSP/2011/WP.1", file=SimpleUploadedFile("p.pdf", PDF_BYTES)
    )
    meeting.agenda_items.get(title="Opening").documents.add(paper)
    document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)

    agenda = api_client.get("/api/v1/meetings/intersessional-2011/").json()["agenda"]

    assert (agenda["number"], agenda["draft"], agenda["status"]) == (1, False, "published")
    assert agenda["html_url"] == "http://testserver/meetings/intersessional-2011/agenda/v1/"
    opening, update = agenda["items"]
    assert (opening["number"], opening["title"], opening["lead"]) == ("1", "Opening", "Lao PDR")
    assert opening["text"] == "Opening – (Lao PDR)"
    assert opening["document_ids"] == [paper.pk]
    assert [sub["title"] for sub in opening["subitems"]] == ["Discussion"]
    assert opening["subitems"][0]["number"] is None
    assert (update["lead"], update["lead_as_printed"], update["text"]) == (
        "Lebanon",
        "– Lebanon",
        "Update on 2MSP – Lebanon",
    )


def test_items_typed_or_edited_after_the_issue_stay_unpublished(api_client, meeting, staff_user):
    document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)
    factories.AgendaItemFactory(meeting=meeting, title="Item added after publication", position=9)
    meeting.agenda_items.filter(title="Opening").update(title="Opening (secret rewording)")

    response = api_client.get("/api/v1/meetings/intersessional-2011/")

    assert b"Item added after publication" not in response.content
    assert b"secret rewording" not in response.content
    opening = response.json()["agenda"]["items"][0]
    assert (opening["text"], opening["title"], opening["lead"]) == ("Opening – (Lao PDR)", None, None)


def test_a_circulated_agenda_is_for_friends_and_marked_draft(api_client, friend_api, stranger_api, meeting, staff_user):
    document_circulate(document=Agenda.objects.create(meeting=meeting), by=staff_user)

    assert api_client.get("/api/v1/meetings/intersessional-2011/").json()["agenda"] is None
    assert stranger_api.get("/api/v1/meetings/intersessional-2011/").json()["agenda"] is None
    agenda = friend_api.get("/api/v1/meetings/intersessional-2011/").json()["agenda"]
    assert (agenda["draft"], agenda["status"]) == (True, "circulated")
    assert agenda["html_url"].endswith("/agenda/draft-1/")
    assert agenda["items"][0]["title"] == "Opening"


def test_a_withdrawn_agenda_shows_its_notice_and_none_of_its_text(api_client, meeting, staff_user):
    agenda = Agenda.objects.create(meeting=meeting)
    document_publish(document=agenda, by=staff_user)
    document_withdraw(document=agenda, by=staff_user, reason="Superseded by the programme of work.")

    response = api_client.get("/api/v1/meetings/intersessional-2011/")

    shown = response.json()["agenda"]
    assert shown["status"] == "withdrawn"
    assert shown["withdrawal_notice"]
    assert shown["items"] == []
    assert b"Opening" not in response.content


def test_closed_meetings_are_for_readers_of_drafts_only(api_client, friend_api, stranger_api, staff_api, meeting):
    factories.MeetingFactory(slug="closed-consultation", title="Closed consultation", is_public=False)

    for client, sees in [(api_client, False), (stranger_api, False), (friend_api, True), (staff_api, True)]:
        listed = [event["id"] for event in client.get("/api/v1/meetings/").json()["results"]]
        assert ("closed-consultation" in listed) is sees
        assert client.get("/api/v1/meetings/closed-consultation/").status_code == (200 if sees else 404)


def test_meetings_are_filtered_as_the_meeting_list_is(api_client, meeting):
    factories.MeetingFactory(slug="2msp", title="2MSP", kind=Meeting.Kind.MSP, start_date=datetime.date(2011, 9, 12))

    def ids(query):
        return [event["id"] for event in api_client.get(f"/api/v1/meetings/?{query}").json()["results"]]

    assert ids("") == ["2msp", "intersessional-2011"]  # newest first
    assert ids("kind=msp") == ["2msp"]
    assert ids("group=victim-assistance") == ["intersessional-2011"]
    assert ids("year=2011&kind=intersessional") == ["intersessional-2011"]
    assert ids("year=2012") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=party", "kind"),
        ("group=no-such-group", "group"),
        ("year=1999", "year"),
        ("year=99999999999999999999", "year"),
        ("year=2011.5", "year"),
        # One spelling of a year: each other one would be another stored answer for the same list.
        ("year=02011", "year"),
        ("year=%2B2011", "year"),
        ("year=%202011", "year"),
        ("year=%D9%A2%D9%A0%D9%A1%D9%A1", "year"),  # ٢٠١١: Arabic-Indic digits
        ("when=today", "when"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(api_client, meeting, query, field):
    response = api_client.get(f"/api/v1/meetings/?{query}")

    assert response.status_code == 400
    assert field in response.json()


# ---------------------------------------------------------------- the frozen agenda, read once


def agenda_items(client, slug="intersessional-2011", *, listed=False) -> list[dict]:
    if listed:
        event = next(event for event in client.get("/api/v1/meetings/").json()["results"] if event["id"] == slug)
    else:
        event = client.get(f"/api/v1/meetings/{slug}/").json()
    return event["agenda"]


def outline_keys() -> list[str]:
    from django.core.cache import cache

    return sorted(key for key in cache._cache if "meetings:agenda-outline:" in key)  # the test's LocMemCache


def test_a_frozen_agenda_is_read_once_and_kept_in_the_shared_cache(friend_api, meeting, staff_user, monkeypatch):
    from meetings import issued_agenda

    version = document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)
    first = agenda_items(friend_api, listed=True)
    assert len(outline_keys()) == 1
    assert f":{version.pk}:" in outline_keys()[0]

    def never(html):
        raise AssertionError("the frozen HTML was read again")

    monkeypatch.setattr(issued_agenda, "_outline", never)
    # Every later answer, listed or alone, for a token or anonymous, uses the kept outline.
    assert agenda_items(friend_api, listed=True) == first
    assert agenda_items(friend_api) == first
    assert agenda_items(friend_api.__class__()) == first
    # The records still decide titles and leads on each answer: an item edited since shows its printed text only.
    meeting.agenda_items.filter(title="Opening").update(title="Opening (secret rewording)")
    opening = agenda_items(friend_api, listed=True)["items"][0]
    assert (opening["text"], opening["title"], opening["lead"]) == ("Opening – (Lao PDR)", None, None)


def test_a_reissued_agenda_is_read_afresh_and_the_list_shows_the_new_version(
    friend_api, api_client, meeting, staff_user
):
    agenda = Agenda.objects.create(meeting=meeting)
    first = document_publish(document=agenda, by=staff_user)
    factories.MeetingFactory(slug="2msp", title="2MSP", kind=Meeting.Kind.MSP, start_date=datetime.date(2011, 9, 12))
    before = agenda_items(friend_api, listed=True)
    assert [item["text"] for item in before["items"]] == ["Opening – (Lao PDR)", "Update on 2MSP – Lebanon"]

    # Edited and issued again: a new version, with its own HTML.
    meeting.agenda_items.filter(title="Opening").update(title="Opening of the meeting")
    factories.AgendaItemFactory(meeting=meeting, title="Any other business", position=4)
    second = document_publish(document=agenda, by=staff_user)
    assert second.pk != first.pk

    for client in (friend_api, api_client):
        for listed in (True, False):
            shown = agenda_items(client, listed=listed)
            assert (shown["number"], shown["html_url"]) == (
                2,
                "http://testserver/meetings/intersessional-2011/agenda/v2/",
            )
            opening, update, other = shown["items"]
            assert (opening["text"], opening["title"]) == (
                "Opening of the meeting – (Lao PDR)",
                "Opening of the meeting",
            )
            assert [sub["title"] for sub in opening["subitems"]] == ["Discussion"]
            assert update["lead_as_printed"] == "– Lebanon"
            assert (other["number"], other["title"]) == ("3", "Any other business")
    # Each version's outline under its own key; the list's other meeting (no agenda) is as it was.
    assert [f":{first.pk}:" in key or f":{second.pk}:" in key for key in outline_keys()] == [True, True]
    listed = {event["id"]: event for event in friend_api.get("/api/v1/meetings/").json()["results"]}
    assert listed["2msp"]["agenda"] is None
    assert listed["intersessional-2011"]["agenda"]["number"] == 2


def test_an_outline_kept_for_other_html_is_never_read(friend_api, meeting, staff_user):
    from publishing.models import PublishedVersion

    version = document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)
    agenda_items(friend_api)
    # Were a version's frozen HTML ever written again (a data repair), its digest would name another key.
    html = version.html.replace("Update on 2MSP", "Update on the 2MSP")
    PublishedVersion.objects.filter(pk=version.pk).update(html=html)

    update = agenda_items(friend_api)["items"][1]

    assert (update["text"], update["title"]) == ("Update on the 2MSP – Lebanon", None)
    assert len(outline_keys()) == 2


def test_a_withdrawn_agenda_shows_no_items_though_its_outline_is_kept(friend_api, meeting, staff_user):
    agenda = Agenda.objects.create(meeting=meeting)
    document_publish(document=agenda, by=staff_user)
    assert agenda_items(friend_api, listed=True)["items"]
    assert outline_keys()

    document_withdraw(document=agenda, by=staff_user, reason="Superseded by the programme of work.")

    for listed in (True, False):
        shown = agenda_items(friend_api, listed=listed)
        assert (shown["status"], shown["items"]) == ("withdrawn", [])
