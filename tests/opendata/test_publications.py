"""Publications: every document with the versions its reader may read, as OCD bill versions.

Personas: anonymous (published versions only), a Friend with a token (circulated drafts too), staff with
a token (what Friends read: nothing unpublished besides), a stranger's token (what the public reads).
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from decisions.services import decision_adopt, decision_revision_issue
from meetings.models import Agenda, Meeting, MinutesSection
from meetings.services import minutes_circulate, minutes_publish
from opendata.api.publications import text_of_html
from opendata.models import ApiToken
from opendata.services import api_token_create
from publishing import page_cache
from publishing.models import PublishedVersion
from publishing.services import document_publish, document_withdraw, version_render_pdf
from publishing.translations import translation_publish
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/publications/"
DRAFT_WORDS = "Narwhal paragraph of a circulated draft decision"
DRAFT_MINUTES_WORDS = "Quokka debrief of circulated minutes"


def make_documents(staff_user, n: int = 1, start: int = 0) -> dict:
    """n of each: a meeting with published minutes and agenda, a decision published for consultation
    (with a French version), a draft decision circulated to the Friends only, circulated minutes."""
    made = {}
    for i in range(start, start + n):
        meeting = factories.MeetingFactory(
            slug=f"friends-{i}",
            title=f"Friends meeting {i}",
            kind=Meeting.Kind.FRIENDS,
            start_date=datetime.date(2011, 1, 1 + i),
        )
        minutes = factories.MinutesFactory(meeting=meeting)
        MinutesSection.objects.create(minutes=minutes, heading="Debrief", body=f"Public debrief {i}.")
        minutes_publish(minutes=minutes, by=staff_user)
        factories.AgendaItemFactory(meeting=meeting, title="Opening")
        document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)

        public = factories.DecisionFactory(
            slug=f"public-decision-{i}", symbol=f"CCM/MSP/2011/WP.{10 + i}", meeting=meeting
        )
        factories.ParagraphFactory(decision=public, text="Decides to meet in [venue].")
        revision = decision_revision_issue(decision=public, by=staff_user, publish=True)
        texts = {part.key: f"FR {part.text}" for part in public.translation_parts(revision.version)}
        translation_publish(original=revision.version, language="fr", texts=texts, by=staff_user)

        draft = factories.DecisionFactory(slug=f"draft-decision-{i}", symbol=f"CCM/MSP/2012/WP.{20 + i}")
        factories.ParagraphFactory(decision=draft, text=DRAFT_WORDS)
        decision_revision_issue(decision=draft, by=staff_user)

        circulated_meeting = factories.MeetingFactory(slug=f"informal-{i}", start_date=datetime.date(2012, 1, 1 + i))
        circulated = factories.MinutesFactory(meeting=circulated_meeting)
        MinutesSection.objects.create(minutes=circulated, heading="Debrief", body=DRAFT_MINUTES_WORDS)
        minutes_circulate(minutes=circulated, by=staff_user)
        made = {"meeting": meeting, "minutes": minutes, "public": public, "draft": draft, "circulated": circulated}
    return made


@pytest.fixture
def documents(staff_user):
    return make_documents(staff_user)


def token_client(user) -> Client:
    token, secret = api_token_create(user=user, name="tests")
    # Used a moment ago: a request does not write its last use (one UPDATE every few minutes otherwise).
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return Client(HTTP_AUTHORIZATION=f"Token {secret}")


def ids(client, query="") -> list[str]:
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.content
    return [document["id"] for document in response.json()["results"]]


def test_a_document_lists_its_versions_as_ocd_bill_versions(api_client, documents):
    response = api_client.get("/api/v1/publications/decision-public-decision-0/")

    assert response.status_code == 200
    document = response.json()
    assert document["url"] == "http://testserver/api/v1/publications/decision-public-decision-0/"
    assert document["html_url"] == "http://testserver/decisions/public-decision-0/"
    assert (document["type"], document["status"], document["current_version"]) == ("decision", "published", "v1")
    assert document["symbol"] == "CCM/MSP/2011/WP.10"
    assert document["decision_url"] == "http://testserver/api/v1/decisions/public-decision-0/"
    (version,) = document["versions"]
    assert (version["id"], version["kind"], version["number"], version["note"]) == (
        "v1",
        "published",
        1,
        "Published version",
    )
    assert version["draft"] is False and version["marked_draft"] is True  # a draft decision published for consultation
    assert version["url"] == "http://testserver/api/v1/publications/decision-public-decision-0/versions/v1/"
    assert version["pdf"] is None  # being prepared: its task has not run
    assert version["links"] == [
        {"media_type": "text/html", "url": "http://testserver/decisions/public-decision-0/v1/"},
        {"media_type": "application/json", "url": version["url"]},
        # The decision as Akoma Ntoso, as its page links it (decisions/akoma_ntoso.py).
        {"media_type": "application/akn+xml", "url": "http://testserver/decisions/public-decision-0/v1.akn.xml"},
    ]
    assert api_client.get(version["links"][-1]["url"]).status_code == 200
    (french,) = version["language_versions"]
    assert (french["id"], french["language"]) == ("v1-fr", "fr")
    assert french["html_url"] == "http://testserver/fr/decisions/public-decision-0/v1/"
    # The list carries no text: the version's own address does.
    assert "text" not in version and "html" not in version


def test_a_version_has_its_text_html_and_hash(api_client, documents):
    version = api_client.get("/api/v1/publications/minutes-friends-0/versions/v1/").json()

    assert version["publication"] == "http://testserver/api/v1/publications/minutes-friends-0/"
    assert "Public debrief 0." in version["text"]
    assert "Debrief" in version["text"].splitlines()
    assert "<h2" in version["html"] or "<section" in version["html"]
    stored = PublishedVersion.objects.get(minutes=documents["minutes"])
    import hashlib

    assert version["html_sha256"] == hashlib.sha256(stored.html.encode()).hexdigest()
    assert version["translation_of"] is None

    french = api_client.get("/api/v1/publications/decision-public-decision-0/versions/v1-fr/").json()
    assert (french["language"], french["translation_of"]) == ("fr", "v1")
    assert "FR Decides to meet in [venue]." in french["text"]


def test_decision_text_keeps_numbers_on_their_lines():
    html = (
        '<ol class="paragraphs"><li><div class="paragraph-line"><span class="number">2.</span>'
        '<div class="text"><p>Decides:</p></div></div><ol><li><div class="paragraph-line">'
        '<span class="number">d)</span><div class="text"><p>To meet &amp; talk.</p></div></div></li></ol></li></ol>'
    )
    assert text_of_html(html) == "2. Decides:\nd) To meet & talk."


@pytest.mark.parametrize("reader", ["api_client", "stranger_api"])
def test_circulated_drafts_are_never_in_anonymous_or_strangers_answers(request, documents, reader):
    client = request.getfixturevalue(reader)

    listed = client.get(f"{LIST}?page_size=200")
    assert DRAFT_WORDS.encode() not in listed.content
    assert b"draft-decision-0" not in listed.content and b"informal-0" not in listed.content
    assert sorted(ids(client)) == [
        "agenda-friends-0",
        "decision-public-decision-0",
        "minutes-friends-0",
    ]
    for address in [
        "/api/v1/publications/decision-draft-decision-0/",
        "/api/v1/publications/decision-draft-decision-0/versions/draft-1/",
        "/api/v1/publications/decision-draft-decision-0/versions/draft-1/pdf/",
        "/api/v1/publications/minutes-informal-0/",
        "/api/v1/publications/minutes-informal-0/versions/draft-1/",
    ]:
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json"
    # Filters cannot reach them either.
    assert ids(client, "status=circulated") == []
    assert ids(client, "type=decision") == ["decision-public-decision-0"]
    assert ids(client, "year=2012") == []


@pytest.mark.parametrize("reader", ["friend_api", "staff_api"])
def test_friends_and_staff_read_circulated_drafts_with_their_token(request, documents, reader):
    client = request.getfixturevalue(reader)

    assert sorted(ids(client, "status=circulated")) == ["decision-draft-decision-0", "minutes-informal-0"]
    draft = client.get("/api/v1/publications/decision-draft-decision-0/").json()
    assert (draft["status"], draft["current_version"]) == ("circulated", "draft-1")
    (version,) = draft["versions"]
    assert (version["id"], version["draft"], version["note"]) == ("draft-1", True, "Circulated draft")
    text = client.get(version["url"]).json()["text"]
    assert DRAFT_WORDS in text


def test_a_drafts_pdf_is_served_through_the_api_to_its_readers(
    friend_api, api_client, documents, render_pdfs, staff_user
):
    draft = factories.DecisionFactory(slug="rendered-draft", symbol="CCM/MSP/2012/WP.99")
    factories.ParagraphFactory(decision=draft, text="Rendered.")
    version = decision_revision_issue(decision=draft, by=staff_user).version
    version_render_pdf(version=version)
    page_cache.invalidate_all()

    listed = friend_api.get("/api/v1/publications/decision-rendered-draft/").json()["versions"][0]
    pdf_url = "http://testserver/api/v1/publications/decision-rendered-draft/versions/draft-1/pdf/"
    assert listed["pdf"]["url"] == pdf_url
    assert {"media_type": "application/pdf", "url": pdf_url} in listed["links"]
    version.refresh_from_db()
    assert listed["pdf"]["sha256"] == version.pdf_sha256
    response = friend_api.get(pdf_url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert api_client.get(pdf_url).status_code == 404


def test_a_withdrawn_version_shows_its_notice_and_no_text(api_client, documents, staff_user):
    minutes = documents["minutes"]
    document_withdraw(document=minutes, by=staff_user, reason="Posted in error: names a delegate.")

    document = api_client.get("/api/v1/publications/minutes-friends-0/").json()
    assert document["status"] == "withdrawn"
    assert document["withdrawal_notice"].startswith("This document was withdrawn on ")
    version = api_client.get("/api/v1/publications/minutes-friends-0/versions/v1/")
    assert version.status_code == 200
    shown = version.json()
    assert (shown["status"], shown["text"], shown["html"], shown["pdf"]) == ("withdrawn", None, None, None)
    assert shown["withdrawal_notice"] == document["withdrawal_notice"]
    assert b"Public debrief" not in version.content
    assert b"delegate" not in version.content  # the reason stays in the record
    assert ids(api_client, "status=withdrawn") == ["minutes-friends-0"]
    assert api_client.get("/api/v1/publications/minutes-friends-0/versions/v1/pdf/").status_code == 410


def test_an_adopted_decision_is_published_under_its_final_symbol(api_client, documents, staff_user):
    public = documents["public"]
    public.paragraphs.update(text="Decides to meet in Geneva.")
    msp = factories.MeetingFactory(slug="2msp", title="Second Meeting of States Parties", kind=Meeting.Kind.MSP)
    decision_adopt(
        decision=public,
        meeting=msp,
        adopted_on=datetime.date(2011, 9, 16),
        symbol="CCM/MSP/2011/5",
        title="Work programme 2012",
        by=staff_user,
    )
    document = api_client.get("/api/v1/publications/decision-public-decision-0/").json()

    assert (document["symbol"], document["title"], document["current_version"]) == (
        "CCM/MSP/2011/5",
        "CCM/MSP/2011/5: Work programme 2012",
        "v2",
    )
    adopted, first = document["versions"]
    assert adopted["marked_draft"] is False and first["current"] is False
    assert adopted["status_note"].startswith("adopted at the Second Meeting of States Parties")


def test_a_closed_meeting_is_no_filter_value_for_the_public(api_client, friend_api, documents):
    factories.MeetingFactory(slug="closed-consultation", is_public=False)

    refused = api_client.get(f"{LIST}?meeting=closed-consultation")
    assert refused.status_code == 400
    assert "meeting" in refused.json()
    assert friend_api.get(f"{LIST}?meeting=closed-consultation").status_code == 200


def test_filters_match_the_public_lists(api_client, documents):
    assert sorted(ids(api_client, "kind=friends")) == [
        "agenda-friends-0",
        "decision-public-decision-0",
        "minutes-friends-0",
    ]
    assert ids(api_client, "kind=msp") == []
    assert sorted(ids(api_client, "meeting=friends-0")) == [
        "agenda-friends-0",
        "decision-public-decision-0",
        "minutes-friends-0",
    ]
    assert ids(api_client, "language=fr") == ["decision-public-decision-0"]
    assert sorted(ids(api_client, "year=2011&type=minutes")) == ["minutes-friends-0"]
    assert ids(api_client, "status=published&type=agenda") == ["agenda-friends-0"]


@pytest.mark.parametrize(
    ("address", "status", "field"),
    [
        (f"{LIST}?type=memo", 400, "type"),
        (f"{LIST}?language=de", 400, "language"),
        (f"{LIST}?year=1999", 400, "year"),
        (f"{LIST}?year=2011.5", 400, "year"),
        (f"{LIST}?year=99999999999999999999", 400, "year"),
        (f"{LIST}?status=internal", 400, "status"),
        (f"{LIST}?meeting=no-such-meeting", 400, "meeting"),
        (f"{LIST}?colour=red", 400, "colour"),
        (f"{LIST}?page=abc", 400, "page"),
        (f"{LIST}?page=99999", 404, "detail"),
        (f"{LIST}?year=20%0011", 400, None),  # a NUL byte: refused before any view (core.unreadable_addresses)
        ("/api/v1/publications/memo-friends-0/", 404, "detail"),
        ("/api/v1/publications/minutes-no-such-meeting/", 404, "detail"),
        ("/api/v1/publications/123/", 404, "detail"),
        ("/api/v1/publications/minutes-friends-0/?page=2", 400, "page"),
        ("/api/v1/publications/minutes-friends-0/versions/v0/", 404, "detail"),
        ("/api/v1/publications/minutes-friends-0/versions/v99999999999999999999/", 404, "detail"),
        ("/api/v1/publications/minutes-friends-0/versions/v2/", 404, "detail"),
        ("/api/v1/publications/minutes-friends-0/versions/v1-de/", 404, "detail"),
        ("/api/v1/publications/minutes-friends-0/versions/draft/", 404, "detail"),
        ("/api/v1/publications/minutes-friends-0/versions/v1/?x=1", 400, "x"),
        ("/api/v1/publications/minutes-friends-0/versions/v1/pdf/", 503, None),
    ],
)
def test_bad_input_is_a_clear_json_error(api_client, documents, address, status, field):
    response = api_client.get(address)

    assert response.status_code == status, response.content
    if field is not None:
        assert response["Content-Type"] == "application/json"
        assert field in response.json()


# ---------------------------------------------------------------- queries, pinned


def test_anonymous_queries_are_pinned_and_constant(staff_user, django_assert_num_queries):
    make_documents(staff_user, n=2)
    for start in (10, 20):
        page_cache.invalidate_all()  # rendered afresh, not served from the shared cache
        # 1 count of documents, 2 the page (documents by their latest readable version), 3 their versions,
        # 4-6 their documents (one query per type: agenda, decision, minutes with meeting), 7 the language
        # versions of those versions.
        with django_assert_num_queries(7):
            assert Client().get(LIST).status_code == 200
        # 1 the document, 2 its readable versions, 3 their language versions.
        with django_assert_num_queries(3):
            assert Client().get("/api/v1/publications/decision-public-decision-0/").status_code == 200
        # 1 the document, 2 the version with its text, 3 its language versions.
        with django_assert_num_queries(3):
            assert Client().get("/api/v1/publications/decision-public-decision-0/versions/v1/").status_code == 200
        make_documents(staff_user, n=3, start=start)  # more of everything: the counts stay


def test_a_friends_queries_are_pinned_and_constant(staff_user, friend_user, django_assert_num_queries):
    make_documents(staff_user, n=2)
    client = token_client(friend_user)
    # Once before counting: the token's first "last used" write is not the page's cost.
    client.get(LIST)
    for start in (10, 20):
        # The token with its account (1) and the account's standing (1), then the same as anonymous.
        with django_assert_num_queries(9):
            assert client.get(LIST).status_code == 200
        with django_assert_num_queries(5):
            assert client.get("/api/v1/publications/decision-draft-decision-0/").status_code == 200
        with django_assert_num_queries(5):
            assert client.get("/api/v1/publications/decision-draft-decision-0/versions/draft-1/").status_code == 200
        # The same for its PDF (being prepared here: its task has not run).
        with django_assert_num_queries(5):
            assert client.get("/api/v1/publications/decision-draft-decision-0/versions/draft-1/pdf/").status_code == 503
        # A language version: the same.
        with django_assert_num_queries(5):
            assert client.get("/api/v1/publications/decision-public-decision-0/versions/v1-fr/").status_code == 200
        make_documents(staff_user, n=3, start=start)


def test_a_stored_anonymous_answer_costs_no_query(documents, django_assert_num_queries):
    Client().get(LIST)
    with django_assert_num_queries(0):
        assert Client().get(LIST).status_code == 200


def test_a_published_pdf_is_linked_as_its_public_file(api_client, staff_user, render_pdfs, committed):
    meeting = factories.MeetingFactory(slug="friends-pdf", title="Friends meeting")
    with committed():
        minutes_publish(minutes=factories.MinutesFactory(meeting=meeting), by=staff_user)
    version = PublishedVersion.objects.get(minutes__meeting=meeting)
    assert version.pdf_is_public

    listed = api_client.get("/api/v1/publications/minutes-friends-pdf/").json()["versions"][0]
    assert listed["pdf"] == {
        "url": f"http://testserver{version.pdf.url}",
        "sha256": version.pdf_sha256,
        "size": version.pdf_size,
    }
    # The API's own address of it serves the same file to anyone who may read the version.
    response = api_client.get("/api/v1/publications/minutes-friends-pdf/versions/v1/pdf/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{version.pdf_sha256}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_answers_have_etags_and_change_when_a_version_is_published(api_client, documents, staff_user, committed):
    first = api_client.get(LIST)
    assert api_client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    version = api_client.get("/api/v1/publications/minutes-friends-0/versions/v1/")
    again = api_client.get("/api/v1/publications/minutes-friends-0/versions/v1/", HTTP_IF_NONE_MATCH=version["ETag"])
    assert again.status_code == 304
    assert version["Cache-Control"] == "public, no-cache"

    with committed():  # the generation is renewed after the commit, as in production
        minutes_publish(minutes=documents["minutes"], by=staff_user)
    changed = api_client.get("/api/v1/publications/minutes-friends-0/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed.json()["current_version"] == "v2"


def test_a_nul_byte_or_a_foreign_digit_in_an_address_is_refused(api_client, documents):
    for address in [
        "/api/v1/publications/minutes-friends-0%00/",
        "/api/v1/publications/minutes-friends-0/versions/v%D9%A1/",
        "/api/v1/publications/minutes-friends-0/versions/v1%00/",
    ]:
        assert api_client.get(address).status_code in (400, 404), address
