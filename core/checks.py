"""System checks of the running configuration that Django's own do not make (run by every manage.py command)."""

from django.conf import settings
from django.core import checks
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.module_loading import import_string

from core.database_cache import TABLE


@checks.register()
def shared_cache_with_the_other_processes(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A process whose shared cache is the database's table, on a database migrated without that table
    (`migrate` makes it only for a database cache): the portal's processes cache in Redis (REDIS_URL),
    and this one, run without their environment, would cache apart from them. A restore would clear the
    wrong cache, an invalidation reach no page. Said before the command runs, rather than a missing
    table failing halfway."""
    backend = import_string(settings.CACHES["default"]["BACKEND"])
    if not issubclass(backend, DatabaseCache) or settings.CACHES["default"].get("LOCATION") != TABLE:
        return []
    try:
        migrated = MigrationRecorder(connection).migration_qs.filter(app="publishing").exists()
        has_table = TABLE in connection.introspection.table_names()
    except DatabaseError:
        return []  # no database to ask (yet): the command reports it if it needs one
    if not migrated or has_table:
        return []
    return [
        checks.Error(
            f"The shared cache is the database table {TABLE}, and this database, migrated by processes "
            "whose cache is Redis, has none: this command would cache apart from them.",
            hint="Run it with the portal's environment, REDIS_URL included (e.g. `set -a && . "
            "/etc/ccm-portal/ccm-portal.env && set +a`).",
            id="portal.E001",
        )
    ]
