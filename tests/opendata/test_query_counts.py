"""Queries per answer, pinned: the same however many rows the API lists (no query per row).

Anonymous answers are rendered once per change and then served from the shared cache with no query;
the counts below are those of the first rendering. An account's answers add its token (one query, with
the account) and, where what it may read matters, its standing (one query: contact list and posts).
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import Agenda, MeetingDocument
from meetings.services import minutes_publish
from opendata.models import ApiToken
from opendata.services import api_token_create
from publishing.services import document_publish
from tests import factories
from tests.conftest import CURRENT_TERM

pytestmark = pytest.mark.django_db


def add_rows(n: int, staff_user) -> None:
    """n more of everything: groups with appointments, a committee, meetings with an issued agenda,
    documents, published minutes and action points reviewed at other meetings."""
    offset = factories.WorkingGroupFactory._meta.model.objects.count()
    for i in range(n):
        group = factories.WorkingGroupFactory(name=f"Group {offset + i}", slug=f"group-{offset + i}", position=i)
        factories.AppointmentFactory(group=group, role="coordinator", **CURRENT_TERM)
        factories.AppointmentFactory(group=group, role="co_coordinator")
        if i == 0:
            committee = factories.WorkingGroupFactory(
                name=f"Committee {offset}", slug=f"committee-{offset}", kind="committee", position=99
            )
            factories.AppointmentFactory(group=committee, role="chair", **CURRENT_TERM)
        meeting = factories.MeetingFactory(start_date=datetime.date(2011, 1, 1) + datetime.timedelta(days=offset + i))
        meeting.groups.add(group)
        item = factories.AgendaItemFactory(meeting=meeting, title="Opening", lead="Norway")
        factories.AgendaItemFactory(meeting=meeting, title="Discussion", parent=item)
        MeetingDocument.objects.create(meeting=meeting, title="Paper", file="meetings/x/paper.pdf")
        document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)
        point = factories.ActionPointFactory(meeting=meeting, group=group)
        point.reviewed_at.add(meeting)
        minutes_publish(minutes=factories.MinutesFactory(meeting=meeting), by=staff_user)


@pytest.fixture
def rows(db, staff_user):
    add_rows(3, staff_user)


def friend_token_client(friend_user) -> Client:
    token, secret = api_token_create(user=friend_user, name="counted")
    # Used a moment ago: this request does not write its last use (that costs one UPDATE every few minutes).
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


# address → (anonymous queries, a Friend's token's queries), each with what they are.
PINNED = {
    # 0: the list of resources is built from the router, no query.
    "/api/v1/": (0, 1),
    # 1 count, 2 the page of groups, 3 their appointments with holders (country, organisation),
    # 4 every group's current coordinators, for the committee's derived members.
    "/api/v1/groups/": (4, 5),
    # 1 the group, 2 its appointments with holders, 3 the current coordinators (it is a committee).
    "/api/v1/groups/<committee>/": (3, 4),
    # 1 count, 2 the page of meetings with country, chair and agenda and minutes (one-to-one),
    # 3 their groups, 4 their documents, 5 their agenda items, 6 each agenda's current readable version
    # (ranked in SQL), 7 each minutes' current readable version. Each frozen agenda's outline comes from
    # the shared cache, all in one round trip: no query here (an in-process cache), one on the database
    # cache (test_on_the_database_cache_a_page_of_agendas_costs_one_query below).
    "/api/v1/meetings/": (7, 9),
    # The same without the count.
    "/api/v1/meetings/<meeting>/": (6, 8),
    # 1 count, 2 the page of points with meeting, group and closing meeting, 3 the meetings that
    # reviewed them, among those the reader may see.
    "/api/v1/action-points/": (3, 5),
    "/api/v1/action-points/<point>/": (2, 4),
}
# A Friend's token adds: its token with the account (1) and, where visibility depends on it, the
# account's standing (1): meetings and action points, not groups (public to all).


def addresses() -> dict[str, str]:
    from meetings.models import ActionPoint, Meeting
    from workgroups.models import WorkingGroup

    names = {
        "<committee>": WorkingGroup.objects.filter(kind="committee").first().slug,
        "<meeting>": Meeting.objects.order_by("start_date").first().slug,
        "<point>": str(ActionPoint.objects.order_by("pk").first().pk),
    }
    resolved = {}
    for address in PINNED:
        for name, value in names.items():
            address_filled = address.replace(name, value)
            if address_filled != address:
                break
        else:
            address_filled = address
        resolved[address] = address_filled
    return resolved


@pytest.mark.parametrize("address", PINNED)
def test_anonymous_queries_are_pinned_and_do_not_grow(address, rows, staff_user, django_assert_num_queries):
    from publishing import page_cache

    expected = PINNED[address][0]
    for _round in range(2):
        page_cache.invalidate_all()  # rendered afresh, not served from the shared cache
        target = addresses()[address]
        with django_assert_num_queries(expected):
            assert Client().get(target).status_code == 200
        add_rows(4, staff_user)  # more of everything: the count stays the same


@pytest.mark.parametrize("address", PINNED)
def test_a_tokens_queries_are_pinned_and_do_not_grow(address, rows, staff_user, friend_user, django_assert_num_queries):
    client = friend_token_client(friend_user)
    expected = PINNED[address][1]
    # Once first, uncounted: a connection prepares the token's account query on its first use
    # (core/prepared_statements.py), and whether this one did already depends on the tests before.
    client.get(addresses()[address])
    for _round in range(2):
        target = addresses()[address]
        with django_assert_num_queries(expected):
            assert client.get(target).status_code == 200
        add_rows(4, staff_user)


def test_a_stored_anonymous_answer_costs_no_query(rows, django_assert_num_queries):
    Client().get("/api/v1/meetings/")
    with django_assert_num_queries(0):
        assert Client().get("/api/v1/meetings/").status_code == 200


def test_on_the_database_cache_a_page_of_agendas_costs_one_query(rows, staff_user, friend_user, settings):
    """The production default: the frozen agendas' outlines of a whole page come in one query (get_many),
    however many meetings; an agenda nobody read before is read once and kept (one write each, once)."""
    settings.CACHES = {"default": {"BACKEND": "core.database_cache.PreparedDatabaseCache", "LOCATION": "portal_cache"}}
    call_command("createcachetable", verbosity=0)
    client = friend_token_client(friend_user)
    for _round in range(2):
        client.get("/api/v1/meetings/")  # the new meetings' agendas are read and kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/meetings/").status_code == 200
        outlines = [query["sql"] for query in captured if "agenda-outline" in query["sql"]]
        assert len(outlines) == 1, outlines
        assert outlines[0].startswith("EXECUTE portal_cache_get_many")  # a read: core/database_cache.py
        # Besides the cache (the outlines, the throttle's count and its transaction), the queries pinned above.
        others = [query["sql"] for query in captured if "portal_cache" not in query["sql"]]
        others = [sql for sql in others if not sql.startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT"))]
        assert len(others) == PINNED["/api/v1/meetings/"][1], "\n".join(sql[:90] for sql in others)
        add_rows(4, staff_user)
