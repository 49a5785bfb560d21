"""Documents of a meeting: uploads checked by content, stored under generated names, served safely."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal import uploads
from meetings.models import Meeting, MeetingDocument
from tests.conftest import meeting_change_form, read_file_response
from tests.sample_files import PDF_BYTES, docx_bytes

pytestmark = pytest.mark.django_db


def post_documents(staff_client, meeting, *files, kind="working_paper"):
    rows = [
        {
            "position": index,
            "kind": kind,
            "title": f"Paper {index}",
            "symbol": "CCM/MSP/2011/WP.3",
            "language": "en",
            "file": upload,
        }
        for index, upload in enumerate(files)
    ]
    data = meeting_change_form(meeting, documents=rows)
    return staff_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), data)


@pytest.fixture
def meeting(demo_data):
    return Meeting.objects.get(slug="2msp")


def test_a_pdf_and_a_docx_are_stored_under_generated_names_and_listed(client, staff_client, meeting):
    response = post_documents(
        staff_client,
        meeting,
        SimpleUploadedFile("../../etc/evil name.pdf", PDF_BYTES),
        SimpleUploadedFile("Statement.DOCX", docx_bytes()),
    )
    assert response.status_code == 302
    pdf, docx = meeting.documents.order_by("position")
    assert "evil" not in pdf.file.name and ".." not in pdf.file.name
    assert pdf.file.name.startswith(f"meetings/{meeting.uid}/") and pdf.file.name.endswith(".pdf")

    page = client.get(meeting.get_absolute_url()).text
    assert "Paper 0</a> (CCM/MSP/2011/WP.3), working paper, English" in page
    download = client.get(pdf.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="CCM-MSP-2011-WP.3_en.pdf"'
    assert read_file_response(download) == PDF_BYTES
    word = client.get(docx.get_absolute_url())
    assert word["Content-Type"] == uploads.DOCX.content_type
    read_file_response(word)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "paper.pdf",
            b"MZ\x90\x00 this is a Windows program",
            "is not a PDF, Word (.docx), Excel (.xlsx) or OpenDocument",
        ),
        ("paper.docx", b"PK\x03\x04 broken zip", "is not a PDF, Word (.docx)"),
        ("paper.docx", PDF_BYTES, "content is PDF but its name ends otherwise; rename it to .pdf"),
        ("paper.html", b"<script>alert(1)</script>", "is not a PDF"),
    ],
)
def test_disguised_files_are_refused_and_nothing_is_stored(staff_client, meeting, name, content, message):
    post_documents(staff_client, meeting, SimpleUploadedFile("first.pdf", PDF_BYTES))
    response = post_documents(staff_client, meeting, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.text
    assert list(meeting.documents.values_list("title", flat=True)) == ["Paper 0"]


def test_oversized_files_are_refused(staff_client, meeting, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DOCUMENT_SIZE", 1024)
    response = post_documents(staff_client, meeting, SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2000))
    assert "documents may be at most 1.0\xa0KB" in response.text
    assert not meeting.documents.exists()


def test_documents_of_a_closed_meeting_are_404_for_the_public(client, friend_client, staff_client, meeting):
    post_documents(staff_client, meeting, SimpleUploadedFile("a.pdf", PDF_BYTES))
    meeting.is_public = False
    meeting.save()
    document = MeetingDocument.objects.get()
    assert client.get(document.get_absolute_url()).status_code == 404
    read_file_response(friend_client.get(document.get_absolute_url()))
    assert client.get(reverse("meetings:meeting_document", args=["2msp", 999])).status_code == 404


def test_agenda_items_link_their_documents(client, staff_client, meeting):
    post_documents(staff_client, meeting, SimpleUploadedFile("wp3.pdf", PDF_BYTES))
    item = meeting.agenda_items.create(position=1, title="Architecture")
    item.documents.add(meeting.documents.get())
    page = client.get(meeting.get_absolute_url()).text
    link = f'<a class="agenda-document-link" href="{meeting.documents.get().get_absolute_url()}">CCM/MSP/2011/WP.3</a>'
    assert link in page
