from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from ccm_portal.demo.services import demo_data_load

SEEDS_DIR = Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """Cached pages must not leak from one test into the next."""
    cache.clear()


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


@pytest.fixture
def demo_data(db):
    """The seed documents, published; PDFs are not rendered (their task runs after a commit)."""
    demo_data_load()


@pytest.fixture
def friend_user(django_user_model):
    return django_user_model.objects.create_user("friend", "friend@example.org", "not-used")


@pytest.fixture
def friend_client(friend_user):
    """Signed in without staff rights: a Friend of the President."""
    friend = Client()
    friend.force_login(friend_user)
    return friend


@pytest.fixture
def published_demo(db, render_pdfs, committed):
    """The demo data with its PDFs rendered, as after `load_demo_data`."""
    with committed():
        demo_data_load()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"the seed documents are not beside the project ({SEEDS_DIR})")
    return SEEDS_DIR


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("secretariat", "secretariat@example.org", "not-used")


@pytest.fixture
def staff_client(staff_user):
    """Signed in as secretariat staff; a client of its own, so `client` stays anonymous."""
    staff = Client()
    staff.force_login(staff_user)
    return staff


def read_file_response(response) -> bytes:
    """The body of a FileResponse, closing its file.

    response.close() would do it too, but it also sends request_finished, which
    closes the test's database connection.
    """
    body = b"".join(response.streaming_content)
    for close in response._resource_closers:
        close()
    return body
