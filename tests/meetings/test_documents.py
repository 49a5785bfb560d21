"""Documents of a meeting: uploads checked by content, stored under generated names, served safely."""

import importlib
import io
import tracemalloc
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import uploads
from meetings.models import Agenda, Meeting, MeetingDocument
from publishing.services import document_publish
from tests.conftest import meeting_change_form, read_file_response
from tests.sample_files import PDF_BYTES, docx_bytes, odt_bytes, xlsx_bytes, zip_bomb, zip_with_many_members

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


def test_a_document_has_one_address(friend_client, staff_client, meeting):
    post_documents(staff_client, meeting, SimpleUploadedFile("a.pdf", PDF_BYTES))
    address = MeetingDocument.objects.get().get_absolute_url()
    read_file_response(friend_client.get(address))
    assert friend_client.get(address.replace("/documents/", "/documents/0")).status_code == 404


def test_agenda_items_link_their_documents(client, staff_client, staff_user, meeting):
    post_documents(staff_client, meeting, SimpleUploadedFile("wp3.pdf", PDF_BYTES))
    item = meeting.agenda_items.create(position=1, title="Architecture")
    item.documents.add(meeting.documents.get())
    document_publish(document=Agenda.objects.create(meeting=meeting), by=staff_user)  # the agenda is issued
    page = client.get(meeting.get_absolute_url()).text
    link = f'<a class="agenda-document-link" href="{meeting.documents.get().get_absolute_url()}">CCM/MSP/2011/WP.3</a>'
    assert link in page


# --- Zip bombs and the stored type ----------------------------------------------

MB = 1024 * 1024
ZIP_BOMBS = {
    "300 MB of zeros in a .docx": (
        "paper.docx",
        lambda: zip_bomb(docx_bytes()),
        "The file unpacks to 300.0\xa0MB; a document may unpack to at most 200.0\xa0MB.",
    ),
    "an .odt whose mimetype is 300 MB": (
        "paper.odt",
        lambda: zip_bomb(odt_bytes(), name="mimetype", prefix=uploads.ODT.content_type.encode()),
        "The file unpacks to 300.0\xa0MB",
    ),
    "20 MB of zeros, compressed 1000 to 1": (
        "paper.xlsx",
        lambda: zip_bomb(xlsx_bytes(), size=20 * MB),
        "to 1; documents are compressed at most 100 to 1, so this one is refused as a zip bomb.",
    ),
    "10,001 empty members": (
        "paper.docx",
        lambda: zip_with_many_members(docx_bytes(), 10_001),
        "The file is an archive of 10,003 parts; a document may have at most 10,000.",
    ),
}


@pytest.mark.parametrize(("name", "build", "message"), ZIP_BOMBS.values(), ids=ZIP_BOMBS.keys())
def test_zip_bombs_are_refused_and_nothing_is_stored(staff_client, meeting, media_root, name, build, message):
    content = build()
    assert len(content) < 2 * MB  # small to upload, however much it declares
    response = post_documents(staff_client, meeting, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.text
    assert not meeting.documents.exists()
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def test_detection_reads_a_few_bytes_of_a_huge_mimetype_member(monkeypatch):
    bomb = zip_bomb(odt_bytes(), name="mimetype", prefix=uploads.ODT.content_type.encode())

    def read_whole_member(*args, **kwargs):
        raise AssertionError("a member was read whole")

    monkeypatch.setattr(zipfile.ZipFile, "read", read_whole_member)
    tracemalloc.start()
    try:
        detected = uploads.detect_document_type(io.BytesIO(bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert detected is None  # the member starts with the ODT type but goes on with zeros
    assert peak < 2 * MB
    assert uploads.detect_document_type(io.BytesIO(odt_bytes())) == uploads.ODT


@pytest.mark.parametrize(
    ("name", "content", "document_type"),
    [
        ("paper.pdf", PDF_BYTES, uploads.PDF),
        ("paper.docx", docx_bytes(), uploads.DOCX),
        ("paper.xlsx", xlsx_bytes(), uploads.XLSX),
        ("paper.odt", odt_bytes(), uploads.ODT),
    ],
)
def test_documents_are_typed_once_at_upload_and_served_with_the_stored_type(
    client, staff_client, meeting, media_root, monkeypatch, name, content, document_type
):
    assert post_documents(staff_client, meeting, SimpleUploadedFile(name, content)).status_code == 302
    document = meeting.documents.get()
    assert document.content_type == document_type.content_type

    def no_detection(*args, **kwargs):
        raise AssertionError("a download read the file to find its type")

    monkeypatch.setattr(uploads, "detect_document_type", no_detection)
    monkeypatch.setattr(zipfile, "ZipFile", no_detection)
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == document_type.content_type
    assert read_file_response(download) == content


def test_documents_stored_before_the_field_are_typed_by_the_migration(client, meeting, media_root):
    typed = MeetingDocument.objects.create(
        meeting=meeting, title="Old", file=SimpleUploadedFile("old.docx", docx_bytes())
    )
    unreadable = MeetingDocument.objects.create(meeting=meeting, title="Bad", file=SimpleUploadedFile("bad.pdf", b"MZ"))
    assert typed.content_type == unreadable.content_type == ""  # created without clean(), as before the field
    migration = importlib.import_module("meetings.migrations.0010_document_content_type")
    migration.read_stored_types(apps, None)
    typed.refresh_from_db()
    unreadable.refresh_from_db()
    assert typed.content_type == uploads.DOCX.content_type
    assert unreadable.content_type == ""
    download = client.get(unreadable.get_absolute_url())
    assert download["Content-Type"] == "application/octet-stream"  # as before: served, never as a document type
    assert read_file_response(download) == b"MZ"


def test_a_reader_gets_the_documents_in_their_language_first(client, meeting):
    from django.utils import translation

    for position, (language, title) in enumerate([("en", "Statement"), ("fr", "Déclaration"), ("es", "Declaración")]):
        MeetingDocument.objects.create(
            meeting=meeting, position=position, kind="statement", title=title, language=language, file="x.pdf"
        )
    with translation.override("fr"):
        url = meeting.get_absolute_url()
    page = client.get(url).text
    documents = page[page.index('id="documents"') :]
    # French first; the English and Spanish ones under "In other languages", marked with their language.
    assert documents.index("Déclaration") < documents.index("<h3>") < documents.index("Statement")
    assert 'hreflang="es" lang="es">Declaración</a>' in documents
