"""Full-text search over what is published now: ranked, with highlighted and escaped snippets."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from publishing.search import search_published
from publishing.services import document_circulate, document_publish, document_withdraw
from tests import factories

pytestmark = pytest.mark.django_db


def titles(hits):
    return [hit.title for hit in hits]


def test_finds_published_minutes_and_decision_ranked_with_snippets(demo_data):
    hits = search_published("planning mission Lebanon")
    assert titles(hits)[0].startswith("Minutes: Meeting of the Friends")
    assert "<mark>" in hits[0].snippet

    found = titles(search_published("implementation"))
    assert len(found) == 3  # the decision, the minutes and the agenda
    # The decision has the word in its title: it ranks first.
    assert found[0].startswith("Work programme 2012")


def test_only_what_is_public_now_is_found(demo_data, staff_user):
    draft = factories.DecisionFactory(title="Implementation support draft")
    factories.ParagraphFactory(decision=draft, text="Zanzibar clause under discussion.")
    document_circulate(document=draft, by=staff_user)
    assert search_published("Zanzibar") == []

    minutes = factories.MinutesFactory(summary="Quokka observations.", publication_state="internal")
    document_publish(document=minutes, by=staff_user)
    assert len(search_published("quokka")) == 1
    minutes.summary = "Wombat observations."
    minutes.save()
    document_publish(document=minutes, by=staff_user)
    assert search_published("quokka") == []  # the superseded version's text is not searched
    assert len(search_published("wombat")) == 1
    document_withdraw(document=minutes, by=staff_user, reason="Mistake.")
    assert search_published("wombat") == []


def test_snippets_escape_document_text(client, staff_user):
    meeting = factories.MeetingFactory(title="<script>alert('x')</script> consultations")
    minutes = factories.MinutesFactory(
        meeting=meeting, summary="Consultations on the alert system.", publication_state="internal"
    )
    document_publish(document=minutes, by=staff_user)

    html = client.get(reverse("search"), {"q": "alert"}).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>alert</mark>" in html


def test_plain_fallback_without_postgresql(demo_data, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    hits = search_published("planning mission")
    assert titles(hits) == ["Minutes: Meeting of the Friends of the President of the 1MSP to the CCM, 30 November 2010"]
    assert "<mark>planning</mark> <mark>mission</mark>" in hits[0].snippet


def test_empty_and_odd_queries_do_not_fail(client, demo_data):
    for query in ["", "   ", "&|!", "'", "a" * 500, "-", '"unterminated']:
        response = client.get(reverse("search"), {"q": query})
        assert response.status_code == 200, query


def test_results_come_in_pages_of_twenty(client, staff_user):
    for number in range(25):
        minutes = factories.MinutesFactory(summary=f"Platypus report {number}.", publication_state="internal")
        document_publish(document=minutes, by=staff_user)
    first = client.get(reverse("search"), {"q": "platypus"}).text
    assert "Results 1–20" in first
    assert 'href="?q=platypus&amp;page=2">More results' in first
    second = client.get(reverse("search"), {"q": "platypus", "page": 2}).text
    assert "Results 21–25" in second
    assert "More results" not in second
    assert client.get(reverse("search"), {"q": "platypus", "page": "two"}).status_code == 400  # said so, not page 1


def test_search_takes_the_same_queries_on_any_page_however_many_hits(client, staff_user, django_assert_num_queries):
    def publish_minutes(count):
        for number in range(count):
            minutes = factories.MinutesFactory(
                summary=f"Platypus and echidna report {number}.", publication_state="internal"
            )
            document_publish(document=minutes, by=staff_user)

    publish_minutes(25)
    url = reverse("search") + "?q=platypus+echidna+report&page=2"
    client.get(url)  # warm the content type cache
    for _ in range(2):
        cache.clear()
        # page 2 of the hits by rank with their snippets (one statement), their minutes with meetings;
        # meetings, groups and updates are listed on the first page only
        with django_assert_num_queries(2):
            response = client.get(url)
        assert "Results 21–" in response.text and "<mark>Platypus</mark>" in response.text
        publish_minutes(25)


def test_a_snippet_is_taken_near_the_words_however_long_the_text(staff_user):
    long_text = " ".join(["Preamble of routine business."] * 400)  # some 12,000 characters
    minutes = factories.MinutesFactory(
        summary=f"{long_text} The Quokka working paper was adopted.", publication_state="internal"
    )
    document_publish(document=minutes, by=staff_user)
    [hit] = search_published("quokka paper")
    assert "<mark>Quokka</mark>" in hit.snippet and "<mark>paper</mark>" in hit.snippet


def test_hits_are_ranked_by_how_much_they_use_the_words(staff_user):
    for summary in ["Platypus.", "Platypus, platypus and platypus.", "Platypus and platypus."]:
        document_publish(
            document=factories.MinutesFactory(summary=summary, publication_state="internal"), by=staff_user
        )
    assert [hit.snippet.count("<mark>") for hit in search_published("platypus")] == [3, 2, 1]


def test_search_vectors_are_kept_in_their_rows(staff_user):
    """Ranking reads the vector of every version that matches: kept in the row (storage MAIN, rows up to
    a page before anything is moved out; migration 0013), not read from the TOAST table twice a version."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's storage")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'publishing_publishedversion'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'publishing_publishedversion'::regclass")
        assert "toast_tuple_target=8160" in cursor.fetchone()[0]


def test_the_search_statement_is_prepared_once_per_connection(staff_user):
    document_publish(
        document=factories.MinutesFactory(summary="Platypus.", publication_state="internal"), by=staff_user
    )
    for _ in range(3):
        assert titles(search_published("platypus"))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'search_published_%%'")
            assert cursor.fetchone() == (1,)


@pytest.mark.parametrize(
    ("page", "status", "says"),
    [
        ("abc", 400, "“abc” is not a page of results: pages are numbered from 1."),
        ("0", 400, "“0” is not a page of results"),
        ("-1", 400, "“-1” is not a page of results"),
        ("51", 400, "No search shows more than 50 pages of results: add words to narrow the search."),
        ("9" * 5000, 400, "No search shows more than 50 pages of results"),
        ("3", 404, "There is no page 3 of results for “implementation”: they end before it."),
    ],
)
def test_a_page_of_results_that_is_none_or_past_the_results_is_said_so(client, demo_data, page, status, says):
    response = client.get(reverse("search"), {"q": "implementation", "page": page})
    assert response.status_code == status
    assert says in response.text
    assert 'href="?q=implementation">First page of results</a>' in response.text
    assert "Nothing published matches" not in response.text
    assert client.get(reverse("search"), {"q": "implementation", "page": "1"}).status_code == 200
