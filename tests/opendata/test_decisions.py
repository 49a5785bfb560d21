"""Decisions: the paragraph tree of the reader's version with its computed numbers, open points, rounds
and adoption; drafts for the Friends only."""

import datetime
import re

import pytest
from django.test import Client

from decisions.services import decision_adopt, decision_revision_issue
from meetings.models import Meeting
from publishing import page_cache
from publishing.services import document_withdraw
from tests import factories
from tests.opendata.test_publications import token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/decisions/"
DRAFT_WORDS = "Narwhal paragraph of a circulated draft decision"
SEED = "draft-decision-work-programme-2012.txt"


def make_decisions(staff_user, n: int = 1, start: int = 0) -> dict:
    """n of each: a decision published for consultation in two rounds, a draft circulated to the Friends,
    a draft never circulated."""
    made = {}
    for i in range(start, start + n):
        meeting = factories.MeetingFactory(
            slug=f"msp-{i}", title=f"Meeting {i}", kind=Meeting.Kind.MSP, start_date=datetime.date(2011, 9, 12)
        )
        public = factories.DecisionFactory(
            slug=f"public-{i}", symbol=f"CCM/MSP/2011/WP.{10 + i}", title=f"Work programme {i}", meeting=meeting
        )
        first = factories.ParagraphFactory(decision=public, text="Decides to meet in [venue and location].", position=1)
        factories.ParagraphFactory(decision=public, parent=first, text="from ______ to ______;", position=1)
        decision_revision_issue(decision=public, by=staff_user, publish=True)
        factories.ParagraphFactory(decision=public, text="Welcomes *State Party* as coordinator.", position=2)
        decision_revision_issue(decision=public, by=staff_user)  # public already: published too

        draft = factories.DecisionFactory(slug=f"draft-{i}", symbol=f"CCM/MSP/2012/WP.{20 + i}", meeting=meeting)
        factories.ParagraphFactory(decision=draft, text=DRAFT_WORDS)
        decision_revision_issue(decision=draft, by=staff_user)

        internal = factories.DecisionFactory(slug=f"internal-{i}", title="Staff's working text")
        factories.ParagraphFactory(decision=internal, text="Not issued.")
        made = {"meeting": meeting, "public": public, "draft": draft, "internal": internal}
    return made


@pytest.fixture
def decisions(staff_user):
    return make_decisions(staff_user)


def test_a_decision_has_its_rounds_and_the_paragraphs_of_its_current_version(api_client, decisions):
    response = api_client.get(f"{LIST}public-0/")

    assert response.status_code == 200
    decision = response.json()
    assert decision["url"] == "http://testserver/api/v1/decisions/public-0/"
    assert decision["html_url"] == "http://testserver/decisions/public-0/"
    assert decision["publication_url"] == "http://testserver/api/v1/publications/decision-public-0/"
    assert (decision["symbol"], decision["title"]) == ("CCM/MSP/2011/WP.10/Rev.1", "Work programme 0")
    assert (decision["status"], decision["draft"], decision["adoption"]) == ("under_consultation", True, None)
    assert decision["meeting"] == {
        "id": "msp-0",
        "name": "Meeting 0",
        "url": "http://testserver/api/v1/meetings/msp-0/",
    }
    assert [(r["number"], r["symbol"], r["version"]["id"]) for r in decision["revisions"]] == [
        (0, "CCM/MSP/2011/WP.10", "v1"),
        (1, "CCM/MSP/2011/WP.10/Rev.1", "v2"),
    ]
    assert decision["current_version"]["url"] == "http://testserver/api/v1/publications/decision-public-0/versions/v2/"
    first, second = decision["paragraphs"]
    assert (first["number"], first["full_number"]) == ("1.", "1.")
    assert [(p["number"], p["full_number"], p["text"]) for p in first["children"]] == [
        ("a)", "1. a)", "from ______ to ______;")
    ]
    assert (second["number"], second["text"], second["children"]) == (
        "2.",
        "Welcomes *State Party* as coordinator.",
        [],
    )
    assert [(p["paragraph"], p["kind"], p["text"]) for p in decision["open_points"]] == [
        ("1.", "placeholder", "[venue and location]"),
        ("1. a)", "blank", "______"),
        ("1. a)", "blank", "______"),
        ("2.", "stand_in", "*State Party*"),
    ]
    assert decision["open_points"][0]["paragraph_key"] == first["key"]


def test_each_round_has_its_paragraphs_as_it_went_out(api_client, friend_api, decisions):
    decision = api_client.get(f"{LIST}public-0/").json()
    original = api_client.get(decision["revisions"][0]["url"])

    assert original.status_code == 200
    round_zero = original.json()
    assert decision["revisions"][0]["url"] == "http://testserver/api/v1/decisions/public-0/revisions/0/"
    assert (round_zero["number"], round_zero["symbol"], round_zero["version"]["id"]) == (0, "CCM/MSP/2011/WP.10", "v1")
    (only,) = round_zero["paragraphs"]  # the second paragraph came with /Rev.1
    assert only["key"] == decision["paragraphs"][0]["key"]  # the same paragraph in both rounds
    assert [point["kind"] for point in round_zero["open_points"]] == ["placeholder", "blank", "blank"]
    assert round_zero["decision"] == decision["url"]

    assert api_client.get(f"{LIST}public-0/revisions/2/").status_code == 404
    assert api_client.get(f"{LIST}draft-0/revisions/0/").status_code == 404
    assert friend_api.get(f"{LIST}draft-0/revisions/0/").json()["paragraphs"][0]["text"] == DRAFT_WORDS
    bad = api_client.get(f"{LIST}public-0/revisions/abc/")
    assert bad.status_code == 404 and bad["Content-Type"] == "application/json"


def test_the_list_has_no_paragraphs(api_client, decisions):
    listed = api_client.get(LIST).json()["results"]

    assert [decision["id"] for decision in listed] == ["public-0"]
    assert "paragraphs" not in listed[0]


def test_paragraphs_are_those_issued_not_the_working_text(api_client, decisions):
    public = decisions["public"]
    public.paragraphs.filter(parent=None, position=2).update(text="Secret rewording after the round.")
    factories.ParagraphFactory(decision=public, text="Paragraph typed after the round.", position=3)

    response = api_client.get(f"{LIST}public-0/")
    assert b"Secret rewording" not in response.content
    assert b"typed after the round" not in response.content


@pytest.mark.parametrize("reader", ["api_client", "stranger_api"])
def test_a_circulated_draft_is_never_in_public_answers(request, decisions, reader):
    client = request.getfixturevalue(reader)

    for address in [LIST, f"{LIST}?status=under_consultation", f"{LIST}?meeting=msp-0", f"{LIST}?page_size=200"]:
        response = client.get(address)
        assert response.status_code == 200
        assert DRAFT_WORDS.encode() not in response.content
        assert b"draft-0" not in response.content
    assert client.get(f"{LIST}draft-0/").status_code == 404
    assert client.get(f"{LIST}internal-0/").status_code == 404


@pytest.mark.parametrize("reader", ["friend_api", "staff_api"])
def test_friends_and_staff_read_circulated_drafts_but_nothing_unissued(request, decisions, reader):
    client = request.getfixturevalue(reader)

    assert [decision["id"] for decision in client.get(LIST).json()["results"]] == ["draft-0", "public-0"]
    draft = client.get(f"{LIST}draft-0/").json()
    assert (draft["current_version"]["id"], draft["current_version"]["kind"]) == ("draft-1", "circulated")
    assert draft["paragraphs"][0]["text"] == DRAFT_WORDS
    assert draft["revisions"][0]["version"]["status"] == "circulated"
    # A draft never circulated is staff's working text, in the admin only.
    assert client.get(f"{LIST}internal-0/").status_code == 404


def test_an_adopted_decision_has_its_final_symbol_title_and_adoption(api_client, decisions, staff_user):
    public = decisions["public"]
    public.paragraphs.filter(parent=None, position=1).update(text="Decides to meet in Geneva.")
    public.paragraphs.exclude(parent=None).update(text="from 1 to 5 June;")
    public.paragraphs.filter(parent=None, position=2).update(text="Welcomes Norway as coordinator.")
    decision_adopt(
        decision=public,
        meeting=decisions["meeting"],
        adopted_on=datetime.date(2011, 9, 16),
        symbol="CCM/MSP/2011/5",
        title="Work programme 2012",
        by=staff_user,
    )

    decision = api_client.get(f"{LIST}public-0/").json()
    assert (decision["symbol"], decision["title"], decision["status"]) == (
        "CCM/MSP/2011/5",
        "Work programme 2012",
        "adopted",
    )
    assert decision["draft"] is False
    assert decision["adoption"] == {
        "date": "2011-09-16",
        "meeting": {"id": "msp-0", "name": "Meeting 0", "url": "http://testserver/api/v1/meetings/msp-0/"},
        "statement": "adopted at the Meeting 0, 16 September 2011",
    }
    assert decision["open_points"] is None
    assert decision["revisions"][-1]["symbol"] == "CCM/MSP/2011/5"
    assert decision["paragraphs"][0]["text"] == "Decides to meet in Geneva."
    assert [d["id"] for d in api_client.get(f"{LIST}?status=adopted").json()["results"]] == ["public-0"]


def test_a_withdrawn_decision_shows_its_notice_and_no_paragraph(api_client, staff_api, decisions, staff_user):
    document_withdraw(document=decisions["public"], by=staff_user, reason="Tabled by mistake.")

    for client in (api_client, staff_api):
        decision = client.get(f"{LIST}public-0/").json()
        assert decision["status"] == "withdrawn"
        assert decision["current_version"]["withdrawal_notice"].startswith("This document was withdrawn on ")
        assert decision["paragraphs"] is None and decision["open_points"] is None
    # As the revisions page: a withdrawn decision's rounds stay readable by staff only.
    assert api_client.get(f"{LIST}public-0/").json()["revisions"] == []
    assert len(staff_api.get(f"{LIST}public-0/").json()["revisions"]) == 2
    assert api_client.get(f"{LIST}public-0/revisions/0/").status_code == 404
    assert staff_api.get(f"{LIST}public-0/revisions/0/").json()["paragraphs"] is None


def seed_numbers(seed: str) -> list[str]:
    """The paragraph numbers the seed prints, in order, with their ancestors': "2. d) vii)"."""
    labels = []
    for line in seed.splitlines():
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            for cell in cells:
                if re.fullmatch(r"\d+\.|[a-z]\)", cell):
                    labels.append(cell)
                else:  # "i) General Status ... ii) Universalization, iii) ..." in one cell
                    labels.extend(re.findall(r"(?:^|\s)([ivx]+\))\s", cell))
        elif match := re.match(r"\s*-\s*(\d+\.|[a-z]+\))", line):
            labels.append(match[1])
    full, trail = [], []
    for label in labels:
        # The seed's letters run a) to e): i), v), x) and their like are roman numerals, one level deeper.
        depth = 0 if label[0].isdigit() else 2 if re.fullmatch(r"[ivx]+\)", label) else 1
        trail = [*trail[:depth], label]
        full.append(" ".join(trail))
    return full


def test_the_seed_decisions_numbers_are_the_apis(api_client, demo_data, seeds_dir):
    expected = seed_numbers((seeds_dir / SEED).read_text(encoding="utf-8"))
    assert expected[:4] == ["1.", "2.", "2. a)", "2. b)"]
    assert "2. c) vi)" in expected and "2. d) vii)" in expected and "2. d) viii)" in expected

    decision = api_client.get(f"{LIST}work-programme-2012/").json()

    def walk(paragraphs):
        for paragraph in paragraphs:
            yield paragraph
            yield from walk(paragraph["children"])

    numbered = [p["full_number"] for p in walk(decision["paragraphs"]) if p["number"] != "•"]
    assert numbered == expected
    assert any(point["text"] == "[venue and location]" for point in decision["open_points"])


@pytest.mark.parametrize(
    ("address", "status", "field"),
    [
        (f"{LIST}?status=tabled", 400, "status"),
        (f"{LIST}?year=1999", 400, "year"),
        (f"{LIST}?kind=party", 400, "kind"),
        (f"{LIST}?group=no-such-group", 400, "group"),
        (f"{LIST}?meeting=no-such-meeting", 400, "meeting"),
        (f"{LIST}?colour=red", 400, "colour"),
        (f"{LIST}?page=0", 400, "page"),
        (f"{LIST}no-such-decision/", 404, "detail"),
        (f"{LIST}public-0/?page=2", 400, "page"),
        (f"{LIST}%C3%A9t%C3%A9/", 404, "detail"),
        (f"{LIST}99999999999999999999999/", 404, "detail"),
    ],
)
def test_bad_input_is_a_clear_json_error(api_client, decisions, address, status, field):
    response = api_client.get(address)

    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


# ---------------------------------------------------------------- queries, pinned


def test_anonymous_queries_are_pinned_and_constant(staff_user, django_assert_num_queries):
    make_decisions(staff_user, n=2)
    for start in (10, 20):
        page_cache.invalidate_all()
        # 1 count, 2 the page of decisions with their meeting and adoption meeting, 3 their readable
        # versions, 4 their readable rounds (without paragraphs).
        with django_assert_num_queries(4):
            assert Client().get(LIST).status_code == 200
        # 1 the decision, 2 its readable versions, 3 its readable rounds with their frozen paragraphs.
        with django_assert_num_queries(3):
            assert Client().get(f"{LIST}public-0/").status_code == 200
        # The same for one round.
        with django_assert_num_queries(3):
            assert Client().get(f"{LIST}public-0/revisions/1/").status_code == 200
        make_decisions(staff_user, n=3, start=start)


def test_a_friends_queries_are_pinned_and_constant(staff_user, friend_user, django_assert_num_queries):
    make_decisions(staff_user, n=2)
    client = token_client(friend_user)
    client.get(LIST)  # once before counting: the token's first "last used" write is not the page's cost
    for start in (10, 20):
        # The token with its account (1) and its standing (1), then as anonymous.
        with django_assert_num_queries(6):
            assert client.get(LIST).status_code == 200
        with django_assert_num_queries(5):
            assert client.get(f"{LIST}draft-0/").status_code == 200
        with django_assert_num_queries(5):
            assert client.get(f"{LIST}draft-0/revisions/0/").status_code == 200
        make_decisions(staff_user, n=3, start=start)
