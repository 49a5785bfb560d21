"""Where files are stored and how they are sent (core/stored_files.py).

- Object storage: a real S3-compatible server (moto's, tests/storage_server.py); files land in the
  bucket, stay private there, and reach readers by a redirect to a presigned URL after the access check.
- nginx: with FILES_SENT_BY=nginx the portal answers X-Accel-Redirect after the same checks.
- The public area: published versions' PDFs under public/, served without a check (by nginx, or
  here by the portal's own small view), gone from there once withdrawn; nothing else is ever there.
"""

import datetime
import hashlib
import json
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from storages.backends.s3 import S3Storage

from core.stored_files import public_area_sweep, stored_file_delete
from meetings.models import MeetingDocument
from opendata.models import PublicExport
from opendata.services import public_export_publish
from publishing.generated import generated_pdf_store
from publishing.models import PublishedVersion
from publishing.services import document_circulate, document_publish, document_withdraw
from tests import factories
from tests.conftest import read_file_response
from tests.sample_files import PDF_BYTES
from tests.storage_server import fetch
from tests.test_settings import run_manage

pytestmark = pytest.mark.django_db


def published_minutes(committed, text: str = "The Friends agreed on the work plan.") -> PublishedVersion:
    minutes = factories.MinutesFactory(publication_state="internal")
    factories.MinutesSectionFactory(minutes=minutes, body=text)
    with committed():
        version = document_publish(document=minutes, by=None)
    version.refresh_from_db()
    return version


# ---------------------------------------------------------------- configuration


def test_a_bucket_in_the_environment_makes_the_default_storage_a_private_s3_bucket():
    env = {
        "AWS_STORAGE_BUCKET_NAME": "ccm-files",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_S3_REGION_NAME": "eu-central-2",
    }
    show = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = run_manage("shell", "-c", show, **env)
    assert result.returncode == 0, result.stderr
    default = json.loads(result.stdout.splitlines()[-1])  # after the shell's own lines
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "ccm-files" and options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-central-2"
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 300

    result = run_manage("shell", "-c", show)
    assert json.loads(result.stdout.splitlines()[-1])["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_files_sent_by_must_be_django_or_nginx():
    result = run_manage("check", FILES_SENT_BY="apache")
    assert result.returncode != 0
    assert "FILES_SENT_BY='apache'" in result.stderr


# ---------------------------------------------------------------- object storage (moto's S3 server)


def test_a_published_pdf_is_stored_in_the_bucket_and_downloads_through_a_presigned_url(
    bucket, render_pdfs, committed, client
):
    version = published_minutes(committed)
    assert isinstance(version.pdf.storage, S3Storage)
    assert bucket.keys() == [version.pdf.name]
    assert version.pdf.name.startswith(f"public/pdf/{version.pdf_sha256[:16]}/")
    # On object storage the page links the portal's address, which redirects.
    assert version.get_pdf_url() == version.get_pdf_view_url()

    response = client.get(version.get_pdf_url())
    assert response.status_code == 302
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Location"].startswith(f"{bucket.endpoint}/{bucket.name}/public/pdf/")
    status, body, headers = fetch(response["Location"])
    assert status == 200
    assert body.startswith(b"%PDF")
    assert hashlib.sha256(body).hexdigest() == version.pdf_sha256
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'inline; filename="{version.pdf_download_name}"'
    # Unchanged: a 304, no redirect.
    etag = f'"{version.pdf_sha256}"'
    assert client.get(version.get_pdf_url(), headers={"if-none-match": etag}).status_code == 304
    # The bucket is private: the object without a signature is refused.
    assert fetch(bucket.plain_url(version.pdf.name))[0] == 403


def test_the_contact_list_pdf_is_private_in_the_bucket_and_refused_to_anonymous_readers(
    bucket, contact_list, friend_client, client
):
    assert generated_pdf_store(record=contact_list) is True
    contact_list.refresh_from_db()
    assert contact_list.pdf.name.startswith("contact-lists/")
    assert contact_list.pdf.name in set(bucket.keys())
    assert bucket.read(contact_list.pdf.name).startswith(b"%PDF")
    # Anyone who guesses the object's address: S3 refuses an anonymous GET of a private object.
    assert fetch(bucket.plain_url(contact_list.pdf.name))[0] == 403

    url = reverse("contacts:edition_pdf", kwargs={"as_of": contact_list.as_of.isoformat()})
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))  # to sign in, never to the bucket

    friend = friend_client.get(url)
    assert friend.status_code == 302 and friend["Location"].startswith(bucket.endpoint)
    assert "no-store" in friend["Cache-Control"]
    status, body, headers = fetch(friend["Location"])
    assert status == 200 and hashlib.sha256(body).hexdigest() == contact_list.pdf_sha256
    assert headers["Content-Disposition"].startswith("attachment;")


def test_a_meeting_document_upload_lands_in_the_bucket(bucket, client):
    meeting = factories.MeetingFactory()
    document = MeetingDocument.objects.create(
        meeting=meeting, title="Paper", content_type="application/pdf", file=SimpleUploadedFile("paper.pdf", PDF_BYTES)
    )
    assert bucket.keys() == [document.file.name]
    assert document.file.name.startswith(f"meetings/{meeting.uid}/")
    assert bucket.read(document.file.name) == PDF_BYTES
    assert fetch(bucket.plain_url(document.file.name))[0] == 403

    response = client.get(reverse("meetings:meeting_document", kwargs={"slug": meeting.slug, "pk": document.pk}))
    assert response.status_code == 302
    status, body, headers = fetch(response["Location"])
    assert status == 200 and body == PDF_BYTES
    assert headers["Content-Disposition"] == f'attachment; filename="{document.download_name}"'


# ---------------------------------------------------------------- nginx sends the file (X-Accel-Redirect)


@pytest.fixture
def nginx(settings):
    settings.FILES_SENT_BY = "nginx"


def test_nginx_sends_a_version_pdf_after_the_portal_answered(nginx, render_pdfs, committed, client):
    version = published_minutes(committed)
    response = client.get(version.get_pdf_view_url())
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/_stored/" + quote(version.pdf.name)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{version.pdf_download_name}"'
    assert response["ETag"] == f'"{version.pdf_sha256}"'
    not_modified = client.get(version.get_pdf_view_url(), headers={"if-none-match": response["ETag"]})
    assert not_modified.status_code == 304
    assert "X-Accel-Redirect" not in not_modified


def test_nginx_is_asked_only_after_the_access_checks(
    nginx, render_pdfs, committed, client, friend_client, contact_list
):
    minutes = factories.MinutesFactory(publication_state="internal")
    with committed():
        draft = document_circulate(document=minutes, by=None)
    draft.refresh_from_db()
    assert draft.pdf
    assert client.get(draft.get_pdf_url()).status_code == 404
    assert "X-Accel-Redirect" not in client.get(draft.get_pdf_url())
    sent = friend_client.get(draft.get_pdf_url())
    assert sent["X-Accel-Redirect"] == "/_stored/" + quote(draft.pdf.name)
    assert "private" in sent["Cache-Control"]

    generated_pdf_store(record=contact_list)
    contact_list.refresh_from_db()
    url = reverse("contacts:edition_pdf", kwargs={"as_of": contact_list.as_of.isoformat()})
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "X-Accel-Redirect" not in anonymous
    friend = friend_client.get(url)
    assert friend["X-Accel-Redirect"] == "/_stored/" + quote(contact_list.pdf.name)
    assert friend["Content-Disposition"].startswith("attachment;")


def test_nginx_sends_meeting_and_group_documents(nginx, client):
    meeting = factories.MeetingFactory()
    paper = MeetingDocument.objects.create(
        meeting=meeting, title="Paper", content_type="application/pdf", file=SimpleUploadedFile("paper.pdf", PDF_BYTES)
    )
    response = client.get(reverse("meetings:meeting_document", kwargs={"slug": meeting.slug, "pk": paper.pk}))
    assert response["X-Accel-Redirect"] == "/_stored/" + quote(paper.file.name)
    assert response["Content-Disposition"] == f'attachment; filename="{paper.download_name}"'
    assert response["Content-Type"] == "application/pdf"

    hidden = factories.MeetingFactory(is_public=False)
    secret = MeetingDocument.objects.create(
        meeting=hidden, title="Secret", content_type="application/pdf", file=SimpleUploadedFile("s.pdf", PDF_BYTES)
    )
    refused = client.get(reverse("meetings:meeting_document", kwargs={"slug": hidden.slug, "pk": secret.pk}))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused

    document = factories.GroupDocumentFactory()
    url = reverse("workgroups:document_download", kwargs={"slug": document.group.slug, "pk": document.pk})
    response = client.get(url)
    assert response["X-Accel-Redirect"] == "/_stored/" + quote(document.file.name)
    assert response["Content-Disposition"].startswith("attachment;")


def test_without_nginx_django_streams_the_file(render_pdfs, committed, client):
    version = published_minutes(committed)
    response = client.get(version.get_pdf_view_url())
    assert "X-Accel-Redirect" not in response
    assert read_file_response(response).startswith(b"%PDF")


# ---------------------------------------------------------------- the public area


def test_a_published_pdf_is_public_until_its_document_is_withdrawn(render_pdfs, committed, client, media_root):
    version = published_minutes(committed)
    assert version.pdf.name.startswith(f"public/pdf/{version.pdf_sha256[:16]}/")
    assert version.pdf.name.endswith("/" + version.pdf_download_name)
    public_url = version.get_pdf_url()
    assert public_url == "/files/" + version.pdf.name
    assert public_url in client.get(version.get_absolute_url()).text  # the page links the public file

    response = client.get(public_url)
    assert response.status_code == 200
    body = read_file_response(response)
    assert hashlib.sha256(body).hexdigest() == version.pdf_sha256
    assert response["Content-Type"] == "application/pdf"
    assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}  # kept, but asked again each time
    # The portal's own address keeps working (bookmarks).
    assert read_file_response(client.get(version.get_pdf_view_url())) == body

    with committed():
        document_withdraw(document=version.document, by=None, reason="Published by mistake.")
    assert client.get(public_url).status_code == 404
    assert not (media_root / version.pdf.name).exists()
    assert not (media_root / version.pdf.name).parent.exists()  # its folder, public/pdf/<hash>/, with it
    version.refresh_from_db()
    assert not version.pdf.name.startswith("public/")
    assert (media_root / version.pdf.name).read_bytes() == body  # kept, privately
    assert version.get_pdf_url() == version.get_pdf_view_url()
    assert client.get(version.get_pdf_url()).status_code == 410


def test_a_rendered_again_pdf_gets_a_new_public_name_and_the_old_one_goes(render_pdfs, committed, client, media_root):
    version = published_minutes(committed)
    old_url = version.get_pdf_url()
    with committed():
        assert generated_pdf_store(record=version, force=True) is True
    version.refresh_from_db()
    assert version.pdf.name.startswith("public/pdf/")
    assert version.get_pdf_url() != old_url
    assert client.get(old_url).status_code == 404
    # No folder left empty (the same bytes may be stored again in the same public/pdf/<hash>/ folder).
    assert all(any(folder.iterdir()) for folder in (media_root / "public/pdf").iterdir())
    assert read_file_response(client.get(version.get_pdf_url())).startswith(b"%PDF")


def test_drafts_and_other_files_are_never_public(render_pdfs, committed, client, contact_list, media_root):
    minutes = factories.MinutesFactory(publication_state="internal")
    with committed():
        draft = document_circulate(document=minutes, by=None)
    draft.refresh_from_db()
    assert draft.pdf.name.startswith("publications/")
    assert draft.get_pdf_url() == draft.get_pdf_view_url()

    generated_pdf_store(record=contact_list)
    contact_list.refresh_from_db()
    assert contact_list.pdf.name.startswith("contact-lists/")
    assert client.get("/files/" + contact_list.pdf.name).status_code == 404
    assert client.get("/files/" + draft.pdf.name).status_code == 404
    (media_root / "public" / "pdf" / "0123456789abcdef").mkdir(parents=True)
    for climbing in [
        "/files/public/../" + contact_list.pdf.name,
        "/files/public/%2e%2e/" + contact_list.pdf.name,
        "/files/public/pdf/../../" + draft.pdf.name,
        "/files/public//etc/passwd",
        "/files/public/pdf/no-such-file.pdf",
        "/files/public/pdf/0123456789abcdef",  # a folder
    ]:
        assert client.get(climbing).status_code == 404, climbing


def test_a_pdf_stored_before_the_public_area_is_served_through_the_portal(render_pdfs, committed, client):
    version = published_minutes(committed)
    old_name = version.private_pdf_path(version.pdf_download_name)
    default_storage.save(old_name, version.pdf.open("rb"))
    version.pdf.close()
    PublishedVersion.objects.filter(pk=version.pk).update(pdf=old_name)
    version.refresh_from_db()
    assert version.get_pdf_url() == version.get_pdf_view_url()
    assert read_file_response(client.get(version.get_pdf_url())).startswith(b"%PDF")


def test_a_withdrawal_goes_through_when_the_public_file_was_lost(render_pdfs, committed, client, media_root):
    version = published_minutes(committed)
    (media_root / version.pdf.name).unlink()
    with committed():
        document_withdraw(document=version.document, by=None, reason="Wrong meeting.")
    version.refresh_from_db()
    assert not version.pdf
    assert client.get(version.get_pdf_url()).status_code == 410


def test_a_withdrawal_on_object_storage_moves_the_object_to_a_private_name(bucket, render_pdfs, committed, client):
    version = published_minutes(committed)
    with committed():
        document_withdraw(document=version.document, by=None, reason="Published by mistake.")
    version.refresh_from_db()
    # Beside it, the export /data/ links, made again without it (the withdrawal queued it).
    stored = bucket.keys()
    assert [key for key in stored if not key.startswith("public/data/")] == [version.pdf.name]
    assert version.pdf.name.startswith("publications/")
    assert client.get(version.get_pdf_view_url()).status_code == 410


def test_readers_of_another_language_are_linked_to_the_portal_which_picks_their_language(render_pdfs, committed):
    version = published_minutes(committed)
    assert version.get_pdf_url().startswith("/files/public/pdf/")
    with translation.override("fr"):
        # The view gives a French reader the French version's PDF where there is one.
        assert version.get_pdf_url() == version.get_pdf_view_url()


def test_a_rendering_that_finishes_after_the_withdrawal_stores_its_file_privately(
    render_pdfs, committed, client, media_root
):
    """The task loaded the version before the withdrawal and stores after it: the name is decided from
    the row as it is when stored, so the withdrawn text never reaches the public area again."""
    version = published_minutes(committed)
    loaded_by_the_task = PublishedVersion.objects.get(pk=version.pk)
    with committed():
        document_withdraw(document=version.document, by=None, reason="Published by mistake.")
    with committed():
        generated_pdf_store(record=loaded_by_the_task, force=True)
    version.refresh_from_db()
    assert version.pdf and not version.pdf.name.startswith("public/")
    assert not any((media_root / "public").rglob("*.pdf"))
    assert client.get(version.get_pdf_url()).status_code == 410


def test_the_sweep_removes_public_files_no_record_names_and_spares_young_ones(render_pdfs, committed, media_root):
    version = published_minutes(committed)
    stray = default_storage.save("public/pdf/0123456789abcdef/left-behind.pdf", ContentFile(b"%PDF stray"))
    # Just written: perhaps a task's file whose record is not committed yet.
    assert public_area_sweep() == []
    assert public_area_sweep(older_than=datetime.timedelta(0)) == [stray]
    assert not default_storage.exists(stray)
    assert default_storage.exists(version.pdf.name)  # a published version's file stays


# ---------------------------------------------------------------- deleting a stored file


def test_a_deleted_file_takes_its_now_empty_folder_with_it_and_nothing_above(media_root):
    for name in ("public/data/aaaa/export.zip", "public/data/bbbb/export.zip", "public/data/bbbb/other.zip", "top.txt"):
        default_storage.save(name, ContentFile(b"x"))
    stored_file_delete(default_storage, "public/data/aaaa/export.zip")
    assert not (media_root / "public/data/aaaa").exists()
    assert (media_root / "public/data").is_dir()  # only the folder the file lived in
    # A folder with another file in it stays, with that file.
    stored_file_delete(default_storage, "public/data/bbbb/export.zip")
    assert (media_root / "public/data/bbbb/other.zip").is_file()
    # A file at the root: the root stays; a file already gone is no error.
    stored_file_delete(default_storage, "top.txt")
    stored_file_delete(default_storage, "top.txt")
    assert media_root.is_dir() and not (media_root / "top.txt").exists()


def test_replacing_the_export_leaves_no_empty_folder_on_disk(db, committed, media_root):
    with committed():
        first = public_export_publish(force=True)
    with committed():
        second = public_export_publish(force=True)
    assert list(PublicExport.objects.all()) == [second]
    assert sorted(path.relative_to(media_root).as_posix() for path in (media_root / "public/data").iterdir()) == [
        second.file.name.rsplit("/", 1)[0]
    ]
    assert not (media_root / first.file.name).parent.exists()


def test_replacing_the_export_on_object_storage_deletes_the_old_object_only(bucket, db, committed):
    with committed():
        first = public_export_publish(force=True)
    assert bucket.keys() == [first.file.name]
    with committed():
        second = public_export_publish(force=True)
    assert bucket.keys() == [second.file.name]
    # The bucket has no folders: nothing else is asked of it, and a file at the root goes as anywhere.
    default_storage.save("top.txt", ContentFile(b"x"))
    stored_file_delete(default_storage, "top.txt")
    assert bucket.keys() == [second.file.name]
