"""The database cache's table, made whatever cache the migrating process uses.

0004 ran `createcachetable` for the caches in settings.CACHES: a database migrated with REDIS_URL set
got no table, and any process run later without REDIS_URL (a manage.py command run by hand, or the
stack once Redis is dropped) failed on its first cache read. Named here, the table is made on every
database; nothing is done where it exists.
"""

from django.core.management import call_command
from django.db import migrations

from core.database_cache import TABLE


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0013_search_vector_inline")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
