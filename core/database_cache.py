"""The shared cache in PostgreSQL (no REDIS_URL), read through a prepared statement.

Every stored page costs one read of this cache (the generation and the page in one `get_many`,
publishing/page_cache.py), so that read is most of what serving a stored page asks of PostgreSQL.
Django's database cache builds the SELECT anew each time (an `IN` list of as many placeholders as
keys), PostgreSQL parses and plans it each time, and Django converts each row's expiry through the
ORM's converters. Here the statement is prepared once per connection (`cache_key = ANY(%(keys)s)`,
core/prepared_statements.py) and the expiry, an aware datetime from psycopg2, is compared as it is.
Writing, culling and deleting are Django's own. Elsewhere than PostgreSQL, Django's read is used.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils import timezone

from core.prepared_statements import execute_prepared

# The cache's table: settings.CACHES' LOCATION when REDIS_URL is unset (publishing/migrations/0004 makes it
# for a database cache only; core/checks.py says when a process without REDIS_URL finds none).
TABLE = "portal_cache"


class PreparedDatabaseCache(DatabaseCache):
    def get_many(self, keys, version=None):
        connection = connections[router.db_for_read(self.cache_model_class)]
        if not keys or connection.vendor != "postgresql":
            return super().get_many(keys, version=version)
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            # Named after the table, as Django's own read names it (tests tell the cache's queries by it).
            execute_prepared(cursor, f"{self._table}_get_many", _get_many_sql(table), {"keys": list(key_map)})
            rows = cursor.fetchall()
        now, found, expired = timezone.now(), {}, []
        for key, value, expires in rows:
            if expires < now:
                expired.append(key)
            else:
                found[key_map[key]] = pickle.loads(base64.b64decode(value))  # noqa: S301 - written by this cache
        self._base_delete_many(expired)
        return found


def _get_many_sql(table: str) -> str:
    return f"SELECT cache_key, value, expires FROM {table} WHERE cache_key = ANY(%(keys)s)"  # noqa: S608 - the table's name from settings
