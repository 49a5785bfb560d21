"""Queries PostgreSQL plans once per connection (PREPARE), for the few that run on every request and
cost more to plan than to run.

The signed-in reader's query (workgroups.access: the session, the account, its person and three
EXISTS subqueries) took PostgreSQL about 0.45 ms to parse and plan and 0.1 ms to run: prepared, each
request pays the run only. Search's statement (publishing/search.py) took 0.5 ms to plan. A prepared statement lasts as long as the connection (persistent:
CONN_MAX_AGE) and outlives a rolled-back transaction; which connection prepared which statement is
known by the connection object itself (a new connection prepares again). PostgreSQL plans it again
by itself when a table it reads changes (a migration: releases restart the app servers anyway).
Elsewhere than PostgreSQL the query simply runs.
"""

import functools
import hashlib
import re
import weakref

from django.db import DEFAULT_DB_ALIAS, connections

_PARAMETER = re.compile(r"%\((\w+)\)s")
# The driver's connection -> names of the statements prepared on it (forgotten with the connection).
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def execute_prepared(cursor, name: str, sql: str, params: dict) -> None:
    """`cursor.execute(sql, params)` (named %(parameters)s only), as a statement PostgreSQL prepared once
    on this connection."""
    cursor.execute(prepared_statement(name, sql, using=cursor.db.alias), params)


def prepared_statement(name: str, sql: str, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """The SQL to run in place of `sql` (named %(parameters)s only), with the same parameters: EXECUTE of
    a statement PostgreSQL prepared once on this connection (prepared now if it was not); elsewhere,
    `sql`. Run it at once, on the same connection (a raw queryset's `using`). `name` says what it is;
    the statement's own name also carries the SQL's hash, so two versions of a query never share one."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return sql
    statement, prepare, execute = _statement(name, sql)
    with connection.cursor() as cursor:  # connected (again, if the health check found it closed)
        prepared = _PREPARED.setdefault(connection.connection, set())
        if statement not in prepared:
            # Alone, not with the first EXECUTE: if that failed, the statement would exist unrecorded.
            cursor.execute(prepare)
            prepared.add(statement)
    return execute


@functools.cache
def _statement(name: str, sql: str) -> tuple[str, str, str]:
    """The statement's name, its PREPARE and its EXECUTE (with the named parameters, in their order)."""
    order = list(dict.fromkeys(_PARAMETER.findall(sql)))
    statement = f"{name}_{hashlib.sha256(sql.encode()).hexdigest()[:16]}"
    # Sent without parameters: a %% the driver would have made % is made so here.
    numbered = _PARAMETER.sub(lambda found: f"${order.index(found[1]) + 1}", sql).replace("%%", "%")
    execute = f"EXECUTE {statement}({', '.join(f'%({parameter})s' for parameter in order)})"
    return statement, f"PREPARE {statement} AS {numbered}", execute
