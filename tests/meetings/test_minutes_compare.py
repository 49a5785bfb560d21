"""Comparing versions of minutes: sections followed by key, words marked, drafts for Friends only,
one stored PDF per pair."""

import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import MinutesComparePdf, MinutesRevision, MinutesSection
from meetings.services import minutes_circulate, minutes_publish
from tests.conftest import read_file_response
from tests.factories import MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db

SLUG = "friends-2012"


def compare_url(query: str = "") -> str:
    return reverse("meetings:minutes_compare", kwargs={"slug": SLUG}) + query


def pdf_url(query: str = "") -> str:
    return reverse("meetings:minutes_compare_pdf", kwargs={"slug": SLUG}) + query


def page_text(response) -> str:
    return " ".join(response.text.split())


@pytest.fixture
def minutes():
    minutes = MinutesFactory(meeting=MeetingFactory(slug=SLUG, title="Friends meeting, 2012"), summary="One day.")
    for position, (heading, body) in enumerate(
        [
            ("Debrief on 1MSP", "Lao PDR presented the outcomes of the *1MSP*."),
            ("Draft architecture", "A food for thought paper was presented."),
            ("Plans for 2MSP", "Lebanon thanked the Friends."),
        ],
        start=1,
    ):
        MinutesSection.objects.create(minutes=minutes, position=position, heading=heading, body=body)
    return minutes


def second_text(minutes):
    """Renamed, moved and reworded sections, one removed, one added: what a correction does."""
    debrief = minutes.sections.get(heading="Debrief on 1MSP")
    debrief.body = "Lao PDR presented the outcomes of the *1MSP* in Vientiane."
    debrief.save()
    plans = minutes.sections.get(heading="Plans for 2MSP")
    plans.heading, plans.position = "Preparations for the 2MSP", 0  # renamed and moved to the top
    plans.save()
    minutes.sections.get(heading="Draft architecture").delete()
    MinutesSection.objects.create(minutes=minutes, position=9, heading="Any other business", body="None.")


@pytest.fixture
def two_drafts(minutes, staff_user):
    minutes_circulate(minutes=minutes, by=staff_user)
    second_text(minutes)
    minutes_circulate(minutes=minutes, by=staff_user)
    return minutes


def test_every_section_gets_its_own_stable_key(minutes):
    keys = list(minutes.sections.values_list("key", flat=True))
    assert len(set(keys)) == 3 and all(keys)


def test_each_version_keeps_its_sections(two_drafts):
    first, second = MinutesRevision.objects.filter(minutes=two_drafts).order_by("created_at")
    assert [s["heading"] for s in first.sections] == ["Debrief on 1MSP", "Draft architecture", "Plans for 2MSP"]
    assert [s["heading"] for s in second.sections] == [
        "Preparations for the 2MSP",
        "Debrief on 1MSP",
        "Any other business",
    ]
    assert first.sections[2]["key"] == second.sections[0]["key"]  # renamed and moved: the same section
    assert (first.version.number, first.version.kind, second.version.number) == (1, "circulated", 2)


def test_a_friend_compares_two_circulated_drafts(two_drafts, friend_client):
    response = friend_client.get(compare_url())
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = page_text(response)
    assert "From Draft 1 (" in page and "to Draft 2 (" in page
    # Renamed and moved, still the same section; the heading's words marked as a phrase.
    assert "<h2><del>Plans for</del><ins>Preparations for the</ins> 2MSP</h2>" in page
    assert "Renamed: was “Plans for 2MSP”." in page
    assert "Moved." in page
    # Markdown rendered on both sides, the added words marked.
    assert "<p>Lao PDR presented the outcomes of the <em>1MSP</em><ins> in Vientiane</ins>.</p>" in page
    assert "<h2><del>Draft architecture</del></h2> <p><del>A food for thought paper was presented.</del></p>" in page
    assert "<h2><ins>Any other business</ins></h2> <p><ins>None.</ins></p>" in page
    assert "*1MSP*" not in page
    order = ["Preparations", "Debrief on 1MSP", "Draft architecture", "Any other business"]
    positions = [page.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_anonymous_visitors_and_strangers_get_404_for_a_draft_comparison(two_drafts, client, django_user_model):
    assert client.get(compare_url()).status_code == 404
    assert client.get(compare_url("?older=draft-1&newer=draft-2")).status_code == 404
    assert client.get(pdf_url()).status_code == 404
    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "x")
    client.force_login(stranger)
    assert client.get(compare_url()).status_code == 404


def test_public_readers_compare_published_versions_only(minutes, staff_user, client):
    minutes_circulate(minutes=minutes, by=staff_user)
    minutes_publish(minutes=minutes, by=staff_user)
    second_text(minutes)
    minutes_publish(minutes=minutes, by=staff_user)
    response = client.get(compare_url())
    assert response.status_code == 200
    assert "From Version 1 (" in page_text(response) and "public" in response["Cache-Control"]
    refused = client.get(compare_url("?older=draft-1&newer=v2"))
    assert refused.status_code == 400
    assert "From: There is no version draft-1 of these minutes that you can compare." in refused.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?older=draft-1&newer=draft-7", "To: There is no version draft-7 of these minutes that you can compare."),
        ("?older=draft-1&newer=draft-1", "Choose two different versions."),
    ],
)
def test_a_bad_pair_is_a_clear_400(two_drafts, friend_client, query, message):
    response = friend_client.get(compare_url(query))
    assert response.status_code == 400
    assert message in response.text


def test_one_version_is_nothing_to_compare_yet(minutes, staff_user, client):
    minutes_publish(minutes=minutes, by=staff_user)
    response = client.get(compare_url())
    assert response.status_code == 200
    assert "Only one version of these minutes can be compared so far." in response.text


def test_the_version_page_and_the_meeting_page_link_the_comparison(minutes, staff_user, client):
    minutes_publish(minutes=minutes, by=staff_user)
    version_page = client.get(reverse("meetings:minutes", kwargs={"slug": SLUG})).text
    assert f'href="{compare_url()}">Compare versions</a>' in version_page
    meeting_page = reverse("meetings:meeting_detail", kwargs={"slug": SLUG})
    assert "Compare versions" not in client.get(meeting_page).text  # version 1: nothing before it
    minutes_publish(minutes=minutes, by=staff_user)
    assert f'href="{compare_url()}">Compare versions</a>' in client.get(meeting_page).text


def test_the_admin_steps_keep_the_sections(minutes, staff_client):
    url = reverse("admin:meetings_minutes_publishing_step", args=[minutes.pk, "circulate"])
    response = staff_client.post(url, follow=True)
    assert "Circulated as draft 1; its PDF is being rendered." in response.text
    revision = MinutesRevision.objects.get(minutes=minutes)
    assert revision.version.kind == "circulated" and len(revision.sections) == 3


def test_the_comparison_pdf_is_being_prepared_until_its_task_has_run(two_drafts, friend_client):
    response = friend_client.get(pdf_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_the_comparison_pdf_is_rendered_once_with_the_marked_text_in_order(
    render_pdfs, minutes, staff_user, friend_client, committed
):
    with committed():
        minutes_circulate(minutes=minutes, by=staff_user)
    with committed():
        second_text(minutes)
        minutes_circulate(minutes=minutes, by=staff_user)
    response = friend_client.get(pdf_url("?older=draft-1&newer=draft-2"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Minutes-Friends-meeting_compare_draft-1_draft-2.pdf"' in response["Content-Disposition"]
    content = read_file_response(response)
    assert content.startswith(b"%PDF-")
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).split())
    order = [
        "Changes between two versions of the minutes",
        "Preparations for the 2MSP",
        "Renamed: was",
        "Lao PDR presented the outcomes of the 1MSP in Vientiane.",
        "Section removed.",
        "Any other business",
    ]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "DRAFT" in text
    again = friend_client.get(pdf_url("?older=draft-1&newer=draft-2"))
    read_file_response(again)
    assert again["ETag"] == response["ETag"]
    assert MinutesComparePdf.objects.count() == 1  # rendered once, then served from storage
    stored = MinutesComparePdf.objects.get()
    assert len(stored.pdf_sha256) == 64 and stored.pdf_size == len(content)


def test_anonymous_readers_share_the_stored_comparison_until_the_next_step(minutes, staff_user, client, committed):
    """Comparing words is the costliest page: stored once, served to every anonymous reader."""
    with committed():
        minutes_publish(minutes=minutes, by=staff_user)
    second_text(minutes)
    with committed():
        minutes_publish(minutes=minutes, by=staff_user)
    first = client.get(compare_url("?older=v1&newer=v2"))
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(compare_url("?older=v1&newer=v2"))
    assert again.content == first.content
    # The stored page, from the shared cache (a table in the tests): nothing read to compare again.
    assert not [query for query in queries if "meetings_" in query["sql"] or "publishing_published" in query["sql"]]

    third = "Lao PDR presented the outcomes of the *1MSP* in Vientiane, and thanked all."
    MinutesSection.objects.filter(minutes=minutes, heading="Debrief on 1MSP").update(body=third)
    with committed():
        minutes_publish(minutes=minutes, by=staff_user)  # a step: the stored pages are replaced
    latest = client.get(compare_url())
    assert "<ins>, and thanked all</ins>" in latest.text
