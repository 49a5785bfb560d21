"""The page cache shows every reader the record as it is now, from every process, and nothing per-visitor.

The multi-process tests run the portal under gunicorn with three workers on the
test database, with the production cache backends (the database cache, and
Redis), and make each workflow step from this process, as staff in the admin
would from another worker.
"""

import datetime
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from django.views import View

from publishing import page_cache
from publishing.models import PublicationState
from publishing.services import document_publish, document_withdraw, version_render_pdf
from tests import factories
from tests.ports import free_port

PROJECT = Path(settings.BASE_DIR)
# A Redis database of its own, flushed by the test: one per pytest-xdist worker (gw0 → 15, gw1 → 14...).
REDIS_URL = f"redis://127.0.0.1:6379/{15 - int(os.environ.get('PYTEST_XDIST_WORKER', 'gw0')[2:])}"
SHARED_BACKENDS = {
    "database": {
        "BACKEND": "core.database_cache.PreparedDatabaseCache",
        "LOCATION": "portal_cache",
    },
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
}


def make_minutes(text: str):
    minutes = factories.MinutesFactory(
        meeting=factories.MeetingFactory(slug="friends-2011", title="Friends meeting"),
        publication_state=PublicationState.INTERNAL,
    )
    factories.MinutesSectionFactory(minutes=minutes, heading="Debrief", body=text)
    return minutes


# ---------------------------------------------------------------- several processes


@contextmanager
def gunicorn(backend: str, tmp_path):
    """The portal under gunicorn, three workers, on this test's (committed) database."""
    database = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASK_BACKEND": "database",  # nothing renders inside a request
        "DEBUG": "1",
    }
    env.pop("REDIS_URL", None)
    if backend == "redis":
        env["REDIS_URL"] = REDIS_URL
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as log_file:  # the server keeps its own copy of the file
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ccm_portal.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{port}"],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots-missing", timeout=2)  # noqa: S310 - our own server
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        else:
            server.kill()
            pytest.fail(f"gunicorn did not start: {log.read_text()[-2000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch_all(url: str, *, times: int = 30, headers=None) -> list[tuple[int, str, dict]]:
    """The same page asked for again and again, each time on a new connection (any worker may answer)."""
    answers = []
    for _ in range(times):
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - our own server
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answers.append((response.status, response.read().decode(), dict(response.headers)))
        except urllib.error.HTTPError as error:
            answers.append((error.code, error.read().decode(), dict(error.headers)))
    return answers


@pytest.fixture(params=["database", "redis"])
def shared_cache(request, settings):
    """This process and the server's workers use the same cache, as in production."""
    settings.CACHES = {"default": SHARED_BACKENDS[request.param]}
    if request.param == "database":
        call_command("createcachetable", verbosity=0)
    cache.clear()
    yield request.param
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_is_seen_by_every_worker_at_once(shared_cache, tmp_path, staff_user):
    minutes = make_minutes("The Friends agreed on the work plan.")
    version = document_publish(document=minutes, by=staff_user)
    with gunicorn(shared_cache, tmp_path) as server:
        url = server + version.get_absolute_url()
        before = fetch_all(url)
        assert {status for status, _, _ in before} == {200}
        assert all("agreed on the work plan" in body for _, body, _ in before)

        document_withdraw(document=minutes, by=staff_user, reason="Published by mistake.")  # commits: invalidates

        after = fetch_all(url) + fetch_all(server + minutes.get_absolute_url())
        assert [body for _, body, _ in after if "agreed on the work plan" in body] == []
        assert all("This document was withdrawn on" in body for _, body, _ in after)


@pytest.mark.django_db(transaction=True)
def test_a_correction_and_a_rendered_pdf_are_seen_by_every_worker_at_once(shared_cache, tmp_path, staff_user):
    minutes = make_minutes("First wording.")
    first = document_publish(document=minutes, by=staff_user)
    with gunicorn(shared_cache, tmp_path) as server:
        pending = fetch_all(server + first.get_absolute_url())
        assert all("PDF being prepared" in body for _, body, _ in pending)
        old_etag = pending[0][2]["ETag"]

        version_render_pdf(version=first)
        rendered = fetch_all(server + first.get_absolute_url(), headers={"If-None-Match": old_etag})
        assert {status for status, _, _ in rendered} == {200}  # not 304: the page changed
        assert all("Download PDF" in body and "PDF being prepared" not in body for _, body, _ in rendered)

        section = minutes.sections.get()
        section.body = "Corrected wording."
        section.save()
        document_publish(document=minutes, by=staff_user)
        current = fetch_all(server + minutes.get_absolute_url())
        assert all("Corrected wording." in body for _, body, _ in current)
        old = fetch_all(server + first.get_absolute_url())
        assert all("was superseded on" in body for _, body, _ in old)


# ---------------------------------------------------------------- within one process


@pytest.mark.django_db
def test_an_etag_follows_what_the_page_shows(client, staff_user, committed):
    minutes = make_minutes("First wording.")
    with committed():
        version = document_publish(document=minutes, by=staff_user)
    before = client.get(minutes.get_absolute_url())
    assert "PDF being prepared" in before.text
    assert client.get(minutes.get_absolute_url(), headers={"if-none-match": before["ETag"]}).status_code == 304

    with committed():
        version_render_pdf(version=version)
    after_pdf = client.get(minutes.get_absolute_url(), headers={"if-none-match": before["ETag"]})
    assert after_pdf.status_code == 200
    assert "Download PDF" in after_pdf.text
    assert after_pdf["ETag"] != before["ETag"]


def signed_messages_cookie(text: str) -> str:
    """A `messages` cookie as Django signs it: anyone gets one by triggering a message, and can replay it."""
    storage = CookieStorage(HttpRequest())
    return storage._encode([Message(constants.INFO, text)])


@pytest.mark.django_db
def test_a_replayed_message_is_shown_to_its_bearer_only(client, staff_user, committed):
    minutes = make_minutes("First wording.")
    with committed():
        document_publish(document=minutes, by=staff_user)
    url = minutes.get_absolute_url()
    client.cookies["messages"] = signed_messages_cookie("Visit evil.example for the real minutes")
    bearer = client.get(url)
    assert "Visit evil.example" in bearer.text
    assert "private" in bearer["Cache-Control"] and "public" not in bearer["Cache-Control"]

    for _ in range(2):  # the first anonymous visitor renders and stores, the second is served from the cache
        clean = type(client)().get(url)
        assert clean.status_code == 200
        assert "Visit evil.example" not in clean.text


@pytest.mark.django_db
def test_a_signed_in_readers_page_is_never_served_to_anyone_else(client, staff_client, staff_user, committed):
    minutes = make_minutes("First wording.")
    with committed():
        document_publish(document=minutes, by=staff_user)
    staff_page = staff_client.get(minutes.get_absolute_url())
    assert "Sign out" in staff_page.text
    assert "private" in staff_page["Cache-Control"]
    anonymous = client.get(minutes.get_absolute_url())
    assert "Sign out" not in anonymous.text
    assert "csrfmiddlewaretoken" not in anonymous.text
    assert "public" in anonymous["Cache-Control"] and "no-cache" in anonymous["Cache-Control"]


class TokenPage(View):
    """A page that puts a CSRF token in its form: never to be stored in the shared cache."""

    @page_cache.for_anonymous_visitors()
    def get(self, request):
        get_token(request)
        template = engines["django"].from_string("<form method=post>{{ token }}</form>")
        return TemplateResponse(request, template, {"token": get_token(request)})


def anonymous_request(path="/token-page/"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return request


def test_a_page_with_a_csrf_token_is_not_stored():
    first = TokenPage.as_view()(anonymous_request()).render()
    second = TokenPage.as_view()(anonymous_request()).render()
    assert first.content != second.content  # each visitor got a token of their own
    assert "ETag" not in second  # served fresh, not from the cache


@pytest.mark.django_db(transaction=True)
def test_a_bulk_deletion_in_the_admin_clears_the_cache_after_the_rows_are_gone(client, staff_client, monkeypatch):
    from django.urls import reverse

    from meetings.models import Meeting

    meeting = factories.MeetingFactory(title="Meeting to be deleted", start_date=datetime.date(2099, 1, 5))
    assert "Meeting to be deleted" in client.get("/").text  # cached for anonymous visitors
    # The admin's "delete selected" logs the deletion before deleting, outside a transaction: a
    # generation set then would let a page rendered before the delete be stored under it.
    still_there_when_invalidated = []
    real_invalidate = page_cache.invalidate_all

    def invalidate_all():
        still_there_when_invalidated.append(Meeting.objects.filter(pk=meeting.pk).exists())
        real_invalidate()

    monkeypatch.setattr(page_cache, "invalidate_all", invalidate_all)
    response = staff_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [meeting.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert still_there_when_invalidated == [False]
    assert "Meeting to be deleted" not in client.get("/").text


@pytest.mark.django_db
def test_only_the_parameters_a_page_reads_are_cached(client, django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(0):
        client.get("/")  # from the cache
    for junk in ("utm_source=junk", "q=junk"):  # the search box's q too, on any page but search
        client.get(f"/?{junk}")
        with django_assert_max_num_queries(20) as queries:
            client.get(f"/?{junk}")
        assert len(queries) > 0, junk  # rendered again: a parameter the page does not read is never stored
    client.get("/search/?q=convention")
    with django_assert_max_num_queries(0):
        client.get("/search/?q=convention")  # search reads q: stored


@pytest.mark.django_db
def test_cached_pages_turn_over_at_midnight(client, monkeypatch, django_assert_max_num_queries):
    """The home page's upcoming and recent meetings depend on the date."""
    client.get("/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    with django_assert_max_num_queries(20) as queries:
        client.get("/")
    assert len(queries) > 0


@pytest.mark.django_db
def test_a_stored_page_is_served_before_the_session_with_every_header_and_never_to_a_session(
    client, staff_client, django_assert_max_num_queries
):
    from tests.test_security import missing_security_headers

    client.get("/")
    with django_assert_max_num_queries(0):
        stored = client.get("/")
    assert missing_security_headers(stored) == []
    assert "Cookie" in stored["Vary"]
    assert "public" in stored["Cache-Control"] and "no-cache" in stored["Cache-Control"]
    assert client.get("/", headers={"if-none-match": stored["ETag"]}).status_code == 304
    assert "Sign out secretariat" in staff_client.get("/").text  # a session is never served the stored page


@pytest.mark.django_db
def test_pages_that_are_never_stored_cost_no_cache_lookup(client, monkeypatch):
    lookups = []

    class CountingCache:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get_many(self, keys):
            lookups.append(keys)
            return cache.get_many(keys)

    monkeypatch.setattr(page_cache, "cache", CountingCache())
    client.get("/meetings/calendar/2011/1/")  # a page the cache never stores
    client.get("/no-such-page/")
    assert lookups == []
    client.get("/")
    assert len(lookups) == 2  # the middleware's look, then the view's generation before rendering


def test_which_addresses_name_a_storing_view_is_remembered_per_language():
    # /fr/minutes/ names the minutes list only while French is active (as LanguageFromAddressMiddleware
    # makes it for that address); remembered under English, it must not be taken for French, or back.
    with translation.override("en"):
        assert page_cache._stores_pages("/minutes/")
        assert not page_cache._stores_pages("/fr/minutes/")
    with translation.override("fr"):
        assert page_cache._stores_pages("/fr/minutes/")
    with translation.override("en"):
        assert not page_cache._stores_pages("/fr/minutes/")
        assert not page_cache._stores_pages("/accounts/login/")  # a view that stores no page
        long_path = "/minutes/" + "x" * 400  # not remembered, still answered
        assert not page_cache._stores_pages(long_path)
