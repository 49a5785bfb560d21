"""One pipeline for generated PDFs: rendered by tasks, once per source, never by a request; one pending answer."""

import hashlib

import pytest
from django.urls import reverse

from contacts.models import ContactListEdition
from decisions.models import RedlinePdf
from decisions.services import decision_revision_issue
from publishing import generated
from publishing.services import document_publish
from tests import factories
from tests.conftest import read_file_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_weasyprint(monkeypatch):
    """Any rendering from here on fails the test."""

    def refuse(page):
        raise AssertionError("WeasyPrint ran")

    monkeypatch.setattr(generated, "html_to_pdf", refuse)


@pytest.fixture
def three_rounds(staff_user):
    """A draft decision circulated three times (original, /Rev.1, /Rev.2), with tasks queued, not run."""
    decision = factories.DecisionFactory(slug="draft", symbol="CCM/MSP/2011/WP.9")
    paragraph = factories.ParagraphFactory(decision=decision, text="Decides to meet.")
    for text in ("Decides to meet in Geneva.", "Decides to meet in Geneva in June.", None):
        decision_revision_issue(decision=decision, by=staff_user)
        if text:
            paragraph.text = text
            paragraph.save()
    return decision


def test_requests_never_render_and_every_pending_pdf_answers_alike(
    demo_data, three_rounds, staff_client, render_pdfs, no_weasyprint
):
    version = factories.MinutesFactory(publication_state="internal")
    version = document_publish(document=version, by=None)  # its task is not run: no commit in this test
    urls = [
        version.get_pdf_url(),
        reverse("decisions:redline_pdf", args=[three_rounds.slug]) + "?older=0&newer=2",
        reverse("contacts:edition_pdf", args=[ContactListEdition.objects.get().as_of.isoformat()]),
    ]
    answers = [staff_client.get(url) for url in urls]  # the immediate task backend would render inline
    assert [answer.status_code for answer in answers] == [503, 503, 503]
    assert {answer["Retry-After"] for answer in answers} == {"30"}
    assert all("<h1>The PDF is being prepared</h1>" in answer.text for answer in answers)
    assert all("no-store" in answer["Cache-Control"] for answer in answers)


def test_issuing_a_round_queues_the_redline_against_every_earlier_round(three_rounds, committed, render_pdfs):
    pairs = sorted(RedlinePdf.objects.values_list("older__number", "newer__number"))
    assert pairs == [(0, 1), (0, 2), (1, 2)]  # each queued when its newer round was issued
    assert not RedlinePdf.objects.exclude(pdf="").exists()  # queued, not rendered: no commit yet

    with committed():
        decision_revision_issue(decision=three_rounds, by=None)
    rendered = RedlinePdf.objects.filter(newer__number=3).exclude(pdf="")
    assert sorted(rendered.values_list("older__number", flat=True)) == [0, 1, 2]


def test_a_file_is_rendered_once_per_source_and_stored_with_its_hashes(staff_user):
    version = document_publish(document=factories.MinutesFactory(publication_state="internal"), by=staff_user)
    source = version.pdf_source()

    assert generated.generated_pdf_store(record=version) is True
    version.refresh_from_db()
    content = version.pdf.read()
    version.pdf.close()
    assert content.startswith(b"%PDF")
    assert version.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert version.pdf_size == len(content)
    assert version.pdf_source_sha256 == hashlib.sha256(source.encode()).hexdigest()
    first_name = version.pdf.name

    assert generated.generated_pdf_store(record=version) is False  # same source: not rendered again
    version.title = "Minutes, corrected title"  # the running header shows it: a new source
    version.save(update_fields=["title"])
    assert generated.generated_pdf_store(record=version) is True
    version.refresh_from_db()
    assert version.pdf.name != first_name


def test_a_stored_pdf_is_served_with_its_hash_as_etag(published_demo, client):
    from publishing.models import PublishedVersion

    version = PublishedVersion.objects.filter(kind="published").exclude(pdf="").first()
    response = client.get(version.get_pdf_view_url())
    body = read_file_response(response)
    assert response["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert response["Content-Length"] == str(len(body))
    assert client.get(version.get_pdf_view_url(), headers={"if-none-match": response["ETag"]}).status_code == 304


def test_a_file_rendered_from_a_source_that_changed_meanwhile_is_not_stored(staff_user, monkeypatch):
    """A slow task must not store an older source over the file of the newer one."""
    version = document_publish(document=factories.MinutesFactory(publication_state="internal"), by=staff_user)
    real = generated.html_to_pdf

    def render_while_the_title_changes(page):
        type(version).objects.filter(pk=version.pk).update(title="Changed while rendering")
        return real(page)

    monkeypatch.setattr(generated, "html_to_pdf", render_while_the_title_changes)
    assert generated.generated_pdf_store(record=version) is False
    version.refresh_from_db()
    assert not version.pdf


def test_rebuild_pdfs_renders_every_kind_of_generated_pdf(published_demo):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_pdfs", "--missing", stdout=out, stderr=StringIO())
    assert "Rendered 0 PDFs." in out.getvalue()  # the demo's versions and contact list are rendered
    ContactListEdition.objects.update(pdf="")
    call_command("rebuild_pdfs", "--missing", stdout=out, stderr=StringIO())
    assert "Rendered 1 PDF." in out.getvalue()
    assert ContactListEdition.objects.exclude(pdf="").exists()
