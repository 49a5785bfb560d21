"""core/database_cache.py: the shared cache in PostgreSQL, read through a prepared statement, keeps and
gives back what Django's database cache does."""

import datetime

import pytest
from django.core import checks
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.database_cache import TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "core.database_cache.PreparedDatabaseCache", "LOCATION": "portal_cache"}}
    call_command("createcachetable", verbosity=0)


def test_what_is_set_is_read_back_in_one_prepared_statement():
    page = {"headers": {"Content-Type": "text/html"}, "body": "réunion".encode() * 1000}
    cache.set("page:a", page)
    cache.set("generation", "g1")
    for _ in range(2):  # the first read on a connection prepares the statement, each read executes it
        with CaptureQueriesContext(connection) as read:
            assert cache.get_many(["generation", "page:a", "page:missing"]) == {"generation": "g1", "page:a": page}
    assert [query["sql"].split()[0] for query in read] == ["EXECUTE"]
    assert cache.get("page:missing", "default") == "default"
    cache.delete("page:a")
    assert cache.get("page:a") is None


def test_an_expired_entry_is_not_given_and_is_deleted():
    cache.set("stale", "old", timeout=60)
    cache.set("fresh", "new", timeout=60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portal_cache SET expires = %s WHERE cache_key LIKE %s",
            [datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=1), "%stale"],
        )
    assert cache.get_many(["stale", "fresh"]) == {"fresh": "new"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache WHERE cache_key LIKE %s", ["%stale"])
        assert cursor.fetchone() == (0,)


def test_keys_of_another_version_are_apart():
    cache.set("key", "one", version=1)
    cache.set("key", "two", version=2)
    assert (cache.get("key", version=1), cache.get("key", version=2)) == ("one", "two")


def test_a_command_without_the_portals_redis_is_stopped_before_it_caches_apart(settings):
    """A database migrated by processes whose cache is Redis has no cache table: a manage.py command run
    without REDIS_URL (their environment) is told so before it runs, not halfway by a missing table."""
    assert checks.run_checks() == []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")  # as migrated with REDIS_URL set: createcachetable made none

    [error] = checks.run_checks()
    assert error.id == "portal.E001" and "REDIS_URL" in error.hint

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    assert checks.run_checks() == []  # with the portal's environment
