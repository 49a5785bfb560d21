"""core/database_cache.py: the shared cache in PostgreSQL, read through a prepared statement, keeps and
gives back what Django's database cache does."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
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


def test_the_table_is_made_on_migrating_even_when_that_process_caches_in_redis(settings):
    """A database migrated with REDIS_URL set has the table too: a process run without REDIS_URL (a
    manage.py command by hand, or the stack once Redis is dropped) reads and writes its cache there."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")
    call_command("createcachetable", verbosity=0)  # what the first migration ran: nothing, with Redis
    assert TABLE not in connection.introspection.table_names()

    migration = importlib.import_module("publishing.migrations.0014_cache_table_whatever_the_cache")
    migration.create_cache_table(apps=None, schema_editor=SimpleNamespace(connection=connection))
    assert TABLE in connection.introspection.table_names()
    migration.create_cache_table(apps=None, schema_editor=SimpleNamespace(connection=connection))  # it exists: nothing
