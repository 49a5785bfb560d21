"""The table of the shared cache (settings.CACHES: the database cache unless REDIS_URL is set).

Django makes it with `createcachetable`, which is not a migration; running it
from one means `migrate` is all a new installation needs. It does nothing when
the table exists or the cache is Redis.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_version_date_label_status_note")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
