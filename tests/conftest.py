import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests import demo_snapshot as demo_snapshot_module
from tests import factories
from tests.stack import database, processes  # noqa: F401 - fixtures of the tests that start the stack
from tests.storage_server import bucket, s3_endpoint  # noqa: F401 - fixtures of the object-storage tests

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Accounts are made in many tests; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The production default is the database cache (settings.CACHES); its own
# queries would blur the query counts pinned per page, so tests use an
# in-process cache, and tests/publishing/test_page_cache.py runs the page cache
# on the database cache and on Redis, shared by two processes.
IN_PROCESS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Cached pages must not leak from one test into the next."""
    settings.CACHES = IN_PROCESS_CACHE
    cache.clear()


@pytest.fixture(autouse=True)
def english_between_tests():
    """Each request activates its address's language and leaves it active in the thread (a server
    activates it again for the next request; the test client does not): each test starts, and
    leaves, in English, so a French page in one test never turns the next test's URLs French."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def queued_tasks(settings):
    """Background tasks are queued and not run, unless a test asks for `render_pdfs`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def render_pdfs(settings, queued_tasks):
    """Run background tasks (PDF rendering) right after each commit, as the default settings do."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a workflow step leaves for after its commit (cache invalidation, PDF task)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> demo_snapshot_module.Snapshot:
    """What `load_demo_data` writes, loaded once per session (tests/demo_snapshot.py)."""
    with django_db_blocker.unblock():
        return demo_snapshot_module.take()


@pytest.fixture(scope="session")
def published_demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> demo_snapshot_module.Snapshot:
    """The same, with what follows the loader's commit: the PDFs rendered."""
    with django_db_blocker.unblock():
        return demo_snapshot_module.take(media=tmp_path_factory.mktemp("published-demo-media"))


@pytest.fixture
def demo_data(request, db, demo_snapshot, media_root):
    """The seed documents, published; PDFs are not rendered (their task runs after a commit)."""
    if "published_demo" in request.fixturenames:
        request.getfixturevalue("published_demo")  # the same rows, with the PDFs: restored once
        return
    demo_snapshot_module.restore(demo_snapshot, media_root=media_root)


def account_for(person, username: str):
    """A portal account for this person, as an accepted invitation leaves it."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "not-used")
    person.user = user
    person.save(update_fields=["user"])
    return user


TODAY = datetime.date.today()
CURRENT_TERM = {"start_date": TODAY - datetime.timedelta(days=100), "end_date": TODAY + datetime.timedelta(days=265)}
ENDED_TERM = {"start_date": TODAY - datetime.timedelta(days=465), "end_date": TODAY - datetime.timedelta(days=1)}


@pytest.fixture
def contact_list(db):
    """The current Friends contact list: the newest edition."""
    return factories.ContactListEditionFactory(as_of=TODAY)


@pytest.fixture
def friend_user(contact_list):
    """A Friend of the President: on the current contact list, holding no post."""
    member = factories.ContactListMemberFactory(entry__edition=contact_list)
    return account_for(member.person, "friend")


@pytest.fixture
def friend_client(friend_user):
    """Signed in without staff rights: a Friend of the President."""
    return signed_in_client(friend_user)


@pytest.fixture
def group_a(db):
    return factories.WorkingGroupFactory(name="Victim Assistance", slug="victim-assistance")


@pytest.fixture
def group_b(db):
    return factories.WorkingGroupFactory(name="Universalization", slug="universalization")


def _coordinator(contact_list, group, username, term):
    member = factories.ContactListMemberFactory(entry__edition=contact_list)
    factories.AppointmentFactory(group=group, country=member.person.country, role="coordinator", **term)
    return account_for(member.person, username)


@pytest.fixture
def coordinator_a_user(contact_list, group_a):
    """From the State Party whose coordinator term for group A covers today."""
    return _coordinator(contact_list, group_a, "coordinator-a", CURRENT_TERM)


@pytest.fixture
def coordinator_b_user(contact_list, group_b):
    return _coordinator(contact_list, group_b, "coordinator-b", CURRENT_TERM)


@pytest.fixture
def former_coordinator_user(contact_list, group_a):
    """Coordinated group A until yesterday; still a Friend on the contact list."""
    return _coordinator(contact_list, group_a, "former-coordinator", ENDED_TERM)


@pytest.fixture
def published_demo(db, render_pdfs, published_demo_snapshot, media_root):
    """The demo data with its PDFs rendered, as after `load_demo_data`."""
    demo_snapshot_module.restore(published_demo_snapshot, media_root=media_root)


@pytest.fixture
def seeds_dir() -> Path:
    """../shared/seeds: the seed documents the demo data and the imports are compared with.

    A failure, not a skip: CI always has shared/ beside the project, and a skipped
    comparison would hide a broken set-up.
    """
    if not SEEDS_DIR.is_dir():
        pytest.fail(
            f"the seed documents are not beside the project: expected {SEEDS_DIR}/… ; "
            f"clone shared/ beside it (into {SEEDS_DIR.parent.parent})",
            pytrace=False,
        )
    return SEEDS_DIR


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("secretariat", "secretariat@example.org", "not-used")


@pytest.fixture
def staff_client(staff_user):
    """Signed in as secretariat staff."""
    return signed_in_client(staff_user)


def signed_in_client(user) -> Client:
    """A client of its own, so the `client` fixture stays anonymous."""
    client = Client()
    client.force_login(user)
    return client


def read_file_response(response) -> bytes:
    """The body of a FileResponse, closing its file.

    response.close() would do it too, but it also sends request_finished, which
    closes the test's database connection.
    """
    body = b"".join(response.streaming_content)
    for close in response._resource_closers:
        close()
    return body


def meeting_change_form(meeting, **inline_rows) -> dict:
    """What the admin's meeting change page posts: the meeting's own fields, no inline rows unless given."""
    data = {
        "kind": meeting.kind,
        "title": meeting.title,
        "slug": meeting.slug,
        "start_date": meeting.start_date.isoformat(),
        "time_zone": meeting.time_zone,
        "is_public": "on" if meeting.is_public else "",
    }
    for prefix in ("agenda_items", "action_points", "documents"):
        rows = inline_rows.get(prefix, [])
        data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0}
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-meeting": meeting.pk} | {
                f"{prefix}-{index}-{key}": value for key, value in row.items()
            }
    return data


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's event loop then runs beside the rest of the suite for no test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
