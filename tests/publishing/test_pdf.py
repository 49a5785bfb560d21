"""PDFs as users download them: rendered once in the background, stored with their hash, text in order."""

import hashlib
import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from decisions.models import Decision
from meetings.models import Minutes
from publishing.models import PublishedVersion
from publishing.services import document_circulate, document_publish
from tests.conftest import read_file_response
from tests.test_demo_data import assert_in_order, collapse

pytestmark = pytest.mark.django_db


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, read_file_response(response)


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_minutes_pdf_is_served_as_a_file_with_its_hash(client, published_demo):
    version = Minutes.objects.get().versions.get()
    # The portal's own address (…/v1.pdf); the page links the public file (tests/test_stored_files.py).
    response, body = download(client, version.get_pdf_view_url())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('inline; filename="Minutes-Friends-meeting_2010-11-30_v1.pdf"')
    assert body.startswith(b"%PDF-")
    assert response["ETag"] == f'"{version.pdf_sha256}"'
    assert hashlib.sha256(body).hexdigest() == version.pdf_sha256
    assert int(response["Content-Length"]) == len(body) == version.pdf_size
    assert client.get(version.get_pdf_view_url(), headers={"if-none-match": response["ETag"]}).status_code == 304


def test_minutes_pdf_text_follows_the_seed_in_order(client, published_demo, seeds_dir):
    seed = (seeds_dir / "friends-meeting-2010-11-30-minutes.txt").read_text(encoding="utf-8")
    record = seed[: seed.index("Friends of the Chair Contact List")]  # the contact list is not part of the minutes
    _response, body = download(client, Minutes.objects.get().versions.get().get_pdf_url())
    text = collapse(pdf_text(body))

    headings = re.findall(
        r"^(Summary|Debrief on 1MSP|Draft architecture|Thematic roles.*|Outcomes of 2MSP|Plans for 2MSP|Action Points)$",
        record,
        re.M,
    )
    assert len(headings) == 7
    expected = [
        "Meeting of the Friends of the President of the 1MSP to the CCM", "30 November 2010", "Minutes and action points",
        *headings,
        "Revision of the food-for-thought paper", "All Friends, please review the contact list",
        "Annex", "13:00 – 15:00", "Palais, room S4. A light lunch will be served", "Draft agenda",
        "Short debrief of 1MSP", "Draft architecture", "Universalisation", "Update on planning and organization of 2MSP", "AOB",
    ]  # fmt: skip
    assert_in_order(expected, text)
    assert re.search(r"Page 1 of \d", text)
    assert "@" not in text  # no e-mail address in the minutes


def test_decision_pdf_numbering_and_open_points_as_in_the_seed(client, published_demo):
    version = Decision.objects.get().versions.get()
    _response, body = download(client, version.get_pdf_url())
    text = collapse(pdf_text(body))

    assert text.index("DRAFT") < text.index("Draft decisions and recommendations for consultations")
    assert_in_order(
        ["1. At its plenary meeting", "2. Based on the proposals", "a) Convene annually", "b) Convene an informal",
         "[venue and location]", "c) Establish Working Groups on", "i) General Status", "vi) Cooperation and Assistance;",
         "each led by one or two Coordinators", "d) Establish, in addition", "vii) Reporting and",
         "viii) National Implementation Measures", "e) Establish a Coordination Committee", "3. At the same plenary",
         "4. Draft decisions on implementation support", "5. At the same plenary", "from ______ to ______, 2012 in [city, country]"],
        text,
    )  # fmt: skip
    assert "Page 1 of 2" in text


def test_pdf_carries_title_language_author_and_tags(client, published_demo):
    version = Decision.objects.get().versions.get()
    _response, body = download(client, version.get_pdf_url())
    reader = PdfReader(io.BytesIO(body))
    catalog = reader.trailer["/Root"]

    assert reader.metadata.title == version.title
    assert reader.metadata.author == "Convention on Cluster Munitions, intersessional work programme"
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert len(reader.pages[0].mediabox) == 4 and round(float(reader.pages[0].mediabox.height)) == 842  # A4


def test_circulated_draft_pdf_has_the_draft_watermark_on_every_page(friend_client, staff_user, render_pdfs, committed):
    from tests import factories

    decision = factories.DecisionFactory(title="Draft on cooperation", status="draft")
    for number in range(60):
        factories.ParagraphFactory(decision=decision, position=number, text=f"Paragraph text number {number}. " * 6)
    with committed():
        draft = document_circulate(document=decision, by=staff_user)
    _response, body = download(friend_client, draft.get_pdf_url())
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]

    assert len(pages) > 1
    assert all("DRAFT" in page for page in pages)
    assert _response["Content-Disposition"].endswith('_draft1.pdf"')


def test_publishing_never_renders_in_the_request_the_task_does(client, staff_user, committed):
    from tests import factories

    minutes = factories.MinutesFactory(publication_state="internal")
    with committed():  # with a queue backend (as with db_worker in production): queued, not rendered
        version = document_publish(document=minutes, by=staff_user)
    version.refresh_from_db()
    assert not version.pdf
    pending = client.get(version.get_pdf_url())
    assert pending.status_code == 503
    assert pending["Retry-After"] == "30"

    call_command("rebuild_pdfs", "--missing")
    version.refresh_from_db()
    assert version.pdf and version.pdf_size > 1000
    _response, body = download(client, version.get_pdf_url())
    assert body.startswith(b"%PDF-")


def test_rebuild_pdfs_renders_every_version_again(published_demo, capsys):
    before = dict(PublishedVersion.objects.values_list("pk", "pdf_rendered_at"))
    call_command("rebuild_pdfs")
    after = dict(PublishedVersion.objects.values_list("pk", "pdf_rendered_at"))
    assert before.keys() == after.keys() and len(after) == 3  # minutes, agenda, decision
    assert all(after[pk] > before[pk] for pk in after)
    assert "Rendered 4 PDFs." in capsys.readouterr().out  # and the demo's contact list


def test_agenda_renders_to_html_and_pdf_as_the_seed_annex(client, published_demo, seeds_dir):
    from meetings.models import Agenda

    seed = (seeds_dir / "friends-meeting-2010-11-30-minutes.txt").read_text(encoding="utf-8")
    annex = seed[seed.index("Friends meeting, 30 November 2010") : seed.index("Friends of the Chair Contact")]
    version = Agenda.objects.get().versions.get()
    page = client.get(version.document.get_absolute_url()).text
    assert "Draft agenda" in page
    _response, body = download(client, version.get_pdf_url())
    text = collapse(pdf_text(body))

    titles = re.findall(r"^\d\. \*\*(.+?)(?:,?\*\*|\*\*)", annex, re.M)
    assert len(titles) == 6
    assert_in_order(
        ["30 November 2010, 13:00 – 15:00", "Palais, room S4. A light lunch will be served", "Draft agenda"]
        + [title.rstrip("–") for title in titles],
        text,
    )
    assert "– (Lao PDR)" in text and "2MSP – Lebanon" in text and "(Lebanon)" not in text
