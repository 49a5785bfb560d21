"""Queries PostgreSQL plans once per connection (PREPARE), for the few that run on every request and
cost more to plan than to run.

The signed-in reader's query (workgroups.access: the session, the account, its person and three
EXISTS subqueries) took PostgreSQL about 0.45 ms to parse and plan and 0.1 ms to run: prepared, each
request pays the run only. A prepared statement lasts as long as the connection (persistent:
CONN_MAX_AGE) and outlives a rolled-back transaction; which connection prepared which statement is
known by the connection object itself (a new connection prepares again). PostgreSQL plans it again
by itself when a table it reads changes (a migration: releases restart the app servers anyway).
Elsewhere than PostgreSQL the query simply runs.
"""

import functools
import hashlib
import re
import weakref

_PARAMETER = re.compile(r"%\((\w+)\)s")
# The driver's connection -> names of the statements prepared on it (forgotten with the connection).
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def execute_prepared(cursor, name: str, sql: str, params: dict) -> None:
    """`cursor.execute(sql, params)` (named %(parameters)s only), as a statement PostgreSQL prepared once
    on this connection. `name` says what it is; the statement's own name also carries the SQL's hash,
    so two versions of a query never share one."""
    if cursor.db.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    statement, prepare, execute = _statement(name, sql)
    prepared = _PREPARED.setdefault(cursor.db.connection, set())
    if statement not in prepared:
        # Alone, not with the first EXECUTE: if that failed, the statement would exist unrecorded.
        cursor.execute(prepare)
        prepared.add(statement)
    cursor.execute(execute, params)


@functools.cache
def _statement(name: str, sql: str) -> tuple[str, str, str]:
    """The statement's name, its PREPARE and its EXECUTE (with the named parameters, in their order)."""
    order = list(dict.fromkeys(_PARAMETER.findall(sql)))
    statement = f"{name}_{hashlib.sha256(sql.encode()).hexdigest()[:16]}"
    numbered = _PARAMETER.sub(lambda found: f"${order.index(found[1]) + 1}", sql)
    execute = f"EXECUTE {statement}({', '.join(f'%({parameter})s' for parameter in order)})"
    return statement, f"PREPARE {statement} AS {numbered}", execute
