"""The demo data (and other costly starting points), built once per test session and copied into
each test that asks for it.

`load_demo_data` takes a second or more (the seed documents, their history, the
frozen versions; with their PDFs, WeasyPrint too), and eighty tests start from
it. So the real loader runs once, inside a transaction that is rolled back, the
rows it wrote are kept, and each test gets them back with one INSERT per table
(PostgreSQL defers foreign keys to the end of the transaction, so the order of
tables does not matter). tests/test_demo_data.py still runs the loader itself.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.test import override_settings
from psycopg2.extras import execute_values

from demo.services import demo_data_load

# Tables the migrations fill: the loader must leave them as they are.
UNTOUCHED = {"django_migrations", "django_content_type", "auth_permission"}


@dataclass
class Snapshot:
    rows: dict[str, tuple[list[str], list[tuple]]] = field(default_factory=dict)
    media: Path | None = None
    built: object = None  # what the builder returned (e.g. ids the tests need)


def _table_contents(cursor) -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its rows: any insert, update or delete changes it."""
    contents = {}
    for table in connection.introspection.table_names(cursor):
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) "  # noqa: S608
            f'FROM "{table}" t'  # table names from introspection
        )
        contents[table] = cursor.fetchone()
    return contents


def _run_on_commit_callbacks() -> None:
    """What would run after the loader's commit (PDF tasks, cache), run now, until none is left."""
    while connection.run_on_commit:
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _savepoints, callback, _robust in callbacks:
            callback()


def take(*, media: Path | None = None, build=demo_data_load) -> Snapshot:
    """Run `build` (the demo loader by default) in a transaction that is rolled back, and keep what it wrote.

    With `media`, the tasks that follow the commit run too (the PDFs, rendered into `media`).
    """
    snapshot = Snapshot(media=media)
    tasks = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(MEDIA_ROOT=media or "/nonexistent", TASKS=tasks), transaction.atomic():
        with connection.cursor() as cursor:
            before = _table_contents(cursor)
        snapshot.built = build()
        if media is not None:
            _run_on_commit_callbacks()
        with connection.cursor() as cursor:
            after = _table_contents(cursor)
            for table, contents in after.items():
                if contents == before[table]:
                    continue
                if before[table][0] or table in UNTOUCHED:
                    raise AssertionError(f"the demo loader changed {table}, which held rows before it ran")
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                columns = [column.name for column in cursor.description]
                snapshot.rows[table] = (columns, cursor.fetchall())
        connection.run_on_commit = []
        transaction.set_rollback(True)
    return snapshot


def restore(snapshot: Snapshot, *, media_root: Path):
    """Put the rows back in this test's transaction, move the id sequences past them, copy the files."""
    with connection.cursor() as cursor:
        for table, (columns, rows) in snapshot.rows.items():
            names = ", ".join(f'"{column}"' for column in columns)
            execute_values(cursor, f'INSERT INTO "{table}" ({names}) VALUES %s', rows)  # noqa: S608
            primary_key = connection.introspection.get_primary_key_column(cursor, table)
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [f'"{table}"', primary_key])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(
                    f'SELECT setval(%s, (SELECT max("{primary_key}") FROM "{table}"))',  # noqa: S608
                    [sequence],
                )
    if snapshot.media is not None and snapshot.media.exists():
        shutil.copytree(snapshot.media, media_root, dirs_exist_ok=True)
    return snapshot.built
