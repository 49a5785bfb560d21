"""/healthz: 200 when the database, cache, storage and task queue answer; 503 naming what failed, and no secret."""

import datetime

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from publishing.tasks import render_version_pdf

pytestmark = pytest.mark.django_db

SECRET = "s3cret-password@db.internal"


def test_all_checks_pass(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == dict.fromkeys(
        ["database", "cache", "storage", "tasks"], "ok"
    )
    assert body["checks"]["tasks"]["oldest_queued_seconds"] == 0
    assert "no-store" in response["Cache-Control"]


def test_answers_at_one_address_whatever_the_language_and_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert reverse("healthz") == "/healthz"
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_a_failing_database_answers_503_with_the_error_class_only(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError(f"could not connect to {SECRET}")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "fail", "error": "OperationalError"}
    assert SECRET not in response.content.decode()


class UnreachableCache:
    def set(self, *args, **kwargs):
        raise ConnectionError(f"redis://:{SECRET}:6379/0")


def test_a_failing_cache_answers_503(client, monkeypatch):
    monkeypatch.setattr("core.health.cache", UnreachableCache())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"status": "fail", "error": "ConnectionError"}
    assert response.json()["checks"]["database"]["status"] == "ok"
    assert SECRET not in response.content.decode()


def test_a_task_waiting_longer_than_the_limit_means_no_worker(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTHZ_MAX_TASK_AGE = 60
    result = render_version_pdf.enqueue(version_id=1)
    assert client.get(reverse("healthz")).status_code == 200  # just queued: a worker may take it

    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["status"] == "fail"
    assert 90 <= tasks["oldest_queued_seconds"] < 120
    assert tasks["limit_seconds"] == 60
    # A load balancer's probe: pages do not need the worker, so a stopped worker does not take every
    # app server out; the queue's age is still reported.
    response = client.get(reverse("healthz"), {"scope": "web"})
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["status"] == "fail"


def test_a_host_not_allowed_is_a_400_not_a_server_error(client):
    """Scanners and load balancers probing by address send Hosts the portal does not serve: the 400 page
    renders without one (its language links would need it)."""
    for path in ("/healthz", "/", "/fr/minutes/", "/accounts/password_reset/"):
        assert client.get(path, HTTP_HOST="evil.example").status_code == 400
