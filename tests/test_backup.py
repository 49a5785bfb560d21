"""`manage.py backup` and `manage.py restore` (core/backups.py): a round trip gives back the same
pages and files; a damaged archive, a newer one, or a database holding records is refused and
nothing changes; a file gone from storage is a warning.

These tests commit (transaction=True): a backup reads all tables from one snapshot in a
transaction of its own, and a restore empties the tables and loads in one.
"""

import hashlib
import io
import json
import re
import tarfile

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from core import backups
from core.stored_files import storage_names
from decisions.models import Decision
from demo.services import demo_data_load
from meetings.models import Meeting, MeetingDocument, Minutes
from publishing.models import PublishedVersion
from publishing.services import document_publish
from publishing.translations import translation_publish
from tests import factories
from tests.conftest import read_file_response, signed_in_client
from tests.sample_files import PDF_BYTES
from tests.storage_server import fetch

pytestmark = pytest.mark.django_db(transaction=True)

# Per-request values in a page: the CSRF token of a form (staff pages) and a CSP nonce.
PER_REQUEST = re.compile(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def body_sha256(client, url: str) -> tuple[int, str]:
    """The page's status and its body's SHA-256; for a file in a bucket, which the portal answers with a
    redirect to a presigned URL (a new signature each time), the file's as the reader's browser gets it."""
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith("http://127.0.0.1:"):
        status, body, _headers = fetch(response["Location"])
        return status, hashlib.sha256(body).hexdigest()
    body = read_file_response(response) if response.streaming else response.content
    return response.status_code, hashlib.sha256(PER_REQUEST.sub(rb"\1MASKED", body)).hexdigest()


def run(command: str, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stored_files() -> dict[str, str]:
    files = {}
    for name in storage_names():
        with default_storage.open(name) as file:
            files[name] = hashlib.sha256(file.read()).hexdigest()
    return files


def upload_meeting_document(meeting: Meeting) -> MeetingDocument:
    document = MeetingDocument(
        meeting=meeting, title="Working paper", symbol="CCM/MSP/2011/WP.3", file=ContentFile(PDF_BYTES, "paper.pdf")
    )
    document.full_clean()
    document.save()
    return document


def rewrite_archive(archive, change) -> None:
    """Write the archive again with `change(name, content) -> content` applied to every member."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(info.name, tar.extractfile(info).read()) for info in tar]
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in members:
            content = change(name, content)
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


@pytest.fixture
def portal(render_pdfs, media_root, staff_user):
    """The demo data with its PDFs, a French version of the minutes (with its PDF) and a meeting document.

    Loaded, not copied from the worker's snapshot: these tests commit, and the flush after a test that
    commits makes content types again under new ids, which the snapshot's rows would not name."""
    demo_data_load()  # commits: the PDFs are rendered
    versions = list(PublishedVersion.objects.all())
    minutes = next(version for version in versions if isinstance(version.document, Minutes))
    texts = {part.key: f"[fr] {part.text}" for part in minutes.document.translation_parts(minutes)}
    french = translation_publish(original=minutes, language="fr", texts=texts, by=staff_user)  # commits: PDF rendered
    french.refresh_from_db()
    assert french.pdf
    document = upload_meeting_document(minutes.document.meeting)
    decision = next(version for version in versions if isinstance(version.document, Decision))
    assert decision.pdf
    with translation.override("fr"):
        french_url = french.get_absolute_url()
    return [
        "/",
        minutes.get_absolute_url(),
        french_url,
        french.get_pdf_view_url(),
        decision.get_absolute_url(),
        decision.get_pdf_view_url(),
        document.get_absolute_url(),
    ]


def test_a_round_trip_gives_back_the_same_pages_and_files(portal, staff_user, client, tmp_path):
    staff = signed_in_client(staff_user)
    readers = {"anonymous": client, "staff": staff}
    before = {(who, url): body_sha256(reader, url) for who, reader in readers.items() for url in portal}
    assert {status for status, _ in before.values()} == {200}
    # The masking is enough: a second fetch gives the same bodies.
    cache.clear()
    assert {(who, url): body_sha256(reader, url) for who, reader in readers.items() for url in portal} == before
    files_before = stored_files()
    assert len(files_before) == 6  # 4 demo PDFs (agenda, minutes, decision, contact list), the French one, the paper

    archive = tmp_path / "portal.tar.gz"
    out, err = run("backup", archive)
    assert "Wrote" in out and err == ""

    call_command("flush", interactive=False, verbosity=0)
    for name in files_before:
        default_storage.delete(name)
    cache.clear()
    assert stored_files() == {} and not Meeting.objects.exists()

    out, _ = run("restore", archive)
    assert "Restored" in out
    assert stored_files() == files_before
    staff.force_login(type(staff_user).objects.get(username=staff_user.username))  # sessions are not restored
    after = {(who, url): body_sha256(reader, url) for who, reader in readers.items() for url in portal}
    assert after == before


def test_a_round_trip_through_a_bucket_gives_back_the_same_objects_private(bucket, render_pdfs, client, tmp_path):
    """The same with the files in an S3-compatible bucket (moto's server): read and put back through the
    storage API, under the same keys, the same bytes, private; a PDF reaches its reader as before."""
    minutes = factories.MinutesFactory(publication_state="internal")
    factories.MinutesSectionFactory(minutes=minutes, body="The Friends agreed on the work plan.")
    version = document_publish(document=minutes, by=None)  # commits: the PDF is rendered into the bucket
    document = upload_meeting_document(minutes.meeting)
    pages = [version.get_absolute_url(), version.get_pdf_view_url(), document.get_absolute_url()]
    before = {url: body_sha256(client, url) for url in pages}
    assert {status for status, _ in before.values()} == {200}
    files_before = stored_files()
    assert bucket.keys() == sorted(files_before) and len(files_before) == 2

    archive = tmp_path / "portal.tar.gz"
    run("backup", archive)
    call_command("flush", interactive=False, verbosity=0)
    for name in files_before:
        default_storage.delete(name)
    cache.clear()
    assert bucket.keys() == []

    run("restore", archive)
    assert stored_files() == files_before
    assert bucket.keys() == sorted(files_before)  # under the same keys, nothing beside them
    assert fetch(bucket.plain_url(document.file.name))[0] == 403  # private again: only presigned
    assert {url: body_sha256(client, url) for url in pages} == before


@pytest.fixture
def small_portal(media_root):
    """A meeting with an uploaded document: enough for the refusals."""
    return upload_meeting_document(factories.MeetingFactory())


def test_a_restore_clears_the_cache_and_replaces_records_only_when_told(small_portal, tmp_path, monkeypatch):
    archive = tmp_path / "portal.tar.gz"
    run("backup", archive)

    with pytest.raises(CommandError, match=r"holds records \(.*1 meetings\.meeting,.*--replace"):
        run("restore", archive)

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Cancelled"):
        run("restore", archive, "--replace")

    small_portal.title = "Changed after the backup"
    small_portal.save()
    cache.set("a-page", "from before")
    out, _ = run("restore", archive, "--replace", "--no-input")
    assert "This replaces every record in the database: " in out and "1 meetings.meetingdocument." in out
    assert "(1 already in storage with the same content)" in out
    assert MeetingDocument.objects.get().title == "Working paper"
    assert cache.get("a-page") is None


def test_a_damaged_member_is_refused_by_name_and_nothing_changes(small_portal, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    run("backup", archive)
    small_portal.title = "Changed after the backup"
    small_portal.save()
    member = "files/" + small_portal.file.name
    whole = archive.read_bytes()

    def flip_one_byte(name, content):
        return content[:10] + bytes([content[10] ^ 1]) + content[11:] if name == member else content

    rewrite_archive(archive, flip_one_byte)
    with pytest.raises(CommandError, match=f"member {re.escape(member)} does not match the manifest"):
        run("restore", archive, "--replace", "--no-input")
    assert MeetingDocument.objects.get().title == "Changed after the backup"
    with default_storage.open(small_portal.file.name) as file:
        assert file.read() == PDF_BYTES

    archive.write_bytes(whole[: len(whole) // 2])  # cut short, as by a full disk
    with pytest.raises(CommandError, match=r"not a readable \.tar\.gz"):
        run("restore", archive, "--replace", "--no-input")
    assert MeetingDocument.objects.get().title == "Changed after the backup"


def test_an_archive_from_newer_code_is_refused(small_portal, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    run("backup", archive)

    def add_a_migration(name, content):
        if name != backups.MANIFEST:
            return content
        manifest = json.loads(content)
        manifest["migrations"]["meetings"] = ["9999_from_the_future"]
        return json.dumps(manifest).encode()

    rewrite_archive(archive, add_a_migration)
    with pytest.raises(CommandError, match=r"meetings\.9999_from_the_future, which this code does not have"):
        run("restore", archive, "--replace", "--no-input")


def test_a_failed_restore_removes_the_files_it_wrote(small_portal, tmp_path, monkeypatch):
    archive = tmp_path / "portal.tar.gz"
    run("backup", archive)
    default_storage.delete(small_portal.file.name)  # so the restore writes it
    small_portal.title = "Changed after the backup"
    small_portal.save()

    def fail(connection):
        raise RuntimeError("disk full")

    monkeypatch.setattr(backups, "_reset_sequences", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run("restore", archive, "--replace", "--no-input")
    assert not default_storage.exists(small_portal.file.name)
    assert MeetingDocument.objects.get().title == "Changed after the backup"


def test_a_file_missing_from_storage_is_a_warning_and_an_archive_is_not_overwritten(small_portal, tmp_path):
    default_storage.delete(small_portal.file.name)
    archive = tmp_path / "portal.tar.gz"
    out, err = run("backup", archive)
    assert f"Warning: {small_portal.file.name} is named by a record but missing from storage" in err
    assert "0 files" in out
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = backups.backup_verify(archive=archive)
    assert manifest["missing_files"] == [{"name": small_portal.file.name, "fields": ["meetings.meetingdocument.file"]}]
    assert manifest["records"]["meetings.meetingdocument"] == 1

    with pytest.raises(CommandError, match="exists; give another name, or --force"):
        run("backup", archive)
    out, _ = run("backup", archive, "--force")
    assert "Wrote" in out

    # Restored, the record names no file rather than one that is not there: its download is not found.
    out, _ = run("restore", archive, "--replace", "--no-input")
    assert "1 records named files the archive did not hold; they have none now." in out
    document = MeetingDocument.objects.get()
    assert document.file.name == ""
    assert Client().get(document.get_absolute_url()).status_code == 404


def test_a_restore_removes_public_files_no_restored_record_names(small_portal, tmp_path):
    """A document published by mistake after the backup: restoring the backup must not leave its PDF
    readable in the public area, which the web server sends without asking the portal."""
    archive = tmp_path / "portal.tar.gz"
    run("backup", archive)
    published_since = default_storage.save("public/pdf/0123456789abcdef/published-by-mistake.pdf", ContentFile(b"%PDF"))
    out, _ = run("restore", archive, "--replace", "--no-input")
    assert "Removed 1 public files no restored record names" in out
    assert not default_storage.exists(published_since)
    assert default_storage.exists(small_portal.file.name)
