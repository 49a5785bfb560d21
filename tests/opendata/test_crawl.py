"""The whole API crawled as a program would: from /api/v1/, following every address into the API in every
answer (pagination's `next` included), on the demo data with its contact list and its addresses.

Generic on purpose: a resource registered on the router is reached from the root and crawled with the
rest, so a new endpoint that leaks an address or a draft fails here without a test of its own.
"""

import json
import re

import pytest
from django.test import Client
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from contacts.models import EmailAddress
from decisions.services import decision_revision_issue
from meetings.models import Agenda, Meeting, MinutesSection
from meetings.services import minutes_circulate
from opendata.api.urls import router
from opendata.services import api_token_create
from publishing.services import document_circulate
from tests import factories

pytestmark = pytest.mark.django_db

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
API = "http://testserver/api/"
# Words that appear only in circulated drafts: the public must never read them, Friends must.
DRAFT_MARKERS = {
    "agenda of a closed meeting": b"Zebra agenda item of the closed consultation",
    "action point of circulated minutes": b"Quokka action point of circulated minutes",
    "circulated agenda of a public meeting": b"Okapi item circulated for comments",
}
DECISION_MARKER = b"Narwhal paragraph of a circulated draft decision"


@pytest.fixture
def site(demo_data, staff_user):
    """The demo data (the contact list and its addresses) with circulated drafts of every kind."""
    assert EmailAddress.objects.count() > 10  # the crawl is worth nothing without addresses to leak
    closed = factories.MeetingFactory(slug="closed-consultation", title="Closed consultation", is_public=False)
    factories.AgendaItemFactory(meeting=closed, title=DRAFT_MARKERS["agenda of a closed meeting"].decode())
    document_circulate(document=Agenda.objects.create(meeting=closed), by=staff_user)

    public = Meeting.objects.get(slug="friends-meeting-2010-11-30")
    draft_minutes_meeting = factories.MeetingFactory(slug="informal-2012", title="Informal consultation")
    factories.ActionPointFactory(
        meeting=draft_minutes_meeting, text=DRAFT_MARKERS["action point of circulated minutes"].decode()
    )
    minutes = factories.MinutesFactory(meeting=draft_minutes_meeting)
    MinutesSection.objects.create(minutes=minutes, heading="Debrief", body="Circulated text.")
    minutes_circulate(minutes=minutes, by=staff_user)

    upcoming = factories.MeetingFactory(slug="friends-2012", title="Friends meeting")
    upcoming.groups.add(*public.groups.all()[:1])
    factories.AgendaItemFactory(meeting=upcoming, title=DRAFT_MARKERS["circulated agenda of a public meeting"].decode())
    document_circulate(document=Agenda.objects.create(meeting=upcoming), by=staff_user)

    draft = factories.DecisionFactory(slug="draft-decision", symbol="CCM/MSP/2012/WP.9")
    factories.ParagraphFactory(decision=draft, text=DECISION_MARKER.decode())
    decision_revision_issue(decision=draft, by=None)


@pytest.fixture
def crawlable(settings, monkeypatch):
    """Small pages, so pagination is crawled too; no throttling for the crawler."""
    settings.API_PAGE_SIZE = 2
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "100000/minute"})


def addresses_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from addresses_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from addresses_in(item)
    elif isinstance(value, str) and value.startswith(API):
        yield value.removeprefix("http://testserver")


def crawl(client) -> dict[str, bytes]:
    """Every answer reachable from the root, by address."""
    seen: dict[str, bytes] = {}
    queue = ["/api/v1/"]
    while queue:
        address = queue.pop()
        if address in seen:
            continue
        response = client.get(address)
        assert response.status_code == 200, (address, response.status_code, response.content[:300])
        seen[address] = response.content
        if response["Content-Type"] == "application/json":
            queue.extend(addresses_in(json.loads(response.content)))
    return seen


def test_an_anonymous_crawl_finds_no_address_and_no_draft(site, crawlable):
    answers = crawl(Client())

    lists = {f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry}
    assert lists <= set(answers), "every resource is reached from the root"
    assert any("page=2" in address for address in answers), "pagination was followed"
    assert len(answers) > 40
    leaks = {address: EMAIL.findall(content) for address, content in answers.items() if EMAIL.search(content)}
    assert leaks == {}
    for name, marker in [*DRAFT_MARKERS.items(), ("circulated draft decision", DECISION_MARKER)]:
        assert [address for address, content in answers.items() if marker in content] == [], name
    assert not any("closed-consultation" in address for address in answers)


def test_a_friends_crawl_finds_the_circulated_drafts_and_still_no_address(site, crawlable, friend_user):
    _token, secret = api_token_create(user=friend_user, name="crawler")
    answers = crawl(Client(HTTP_AUTHORIZATION=f"Token {secret}"))

    leaks = {address: EMAIL.findall(content) for address, content in answers.items() if EMAIL.search(content)}
    assert leaks == {}
    everything = b"".join(answers.values())
    for name, marker in DRAFT_MARKERS.items():
        assert marker in everything, name
    if any(prefix.startswith("decision") for prefix, _viewset, _basename in router.registry):
        assert DECISION_MARKER in everything, "decisions are crawled: the circulated draft is there"
    assert "/api/v1/meetings/closed-consultation/" in answers
