"""Search that ignores accents: "reunion" finds "réunion", "Reunion" finds "Reunión".

Each language gets a text-search configuration of its own, the built-in one with PostgreSQL's
`unaccent` dictionary before its stemmer (portal_english, portal_french, portal_spanish; named in
publishing/search.py), and every version's search vector is built again with its language's.
`unaccent` is a trusted extension (PostgreSQL 13 and later): the database's owner may create it.
SQLite searches without vectors: nothing to do there.
"""

from django.db import migrations

LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}


def _reindex(cursor, prefix: str) -> None:
    for code, base in LANGUAGES.items():
        config = f"{prefix}{base}"
        cursor.execute(
            "UPDATE publishing_publishedversion SET search_vector ="
            " setweight(to_tsvector(%s::regconfig, coalesce(title, '')), 'A')"
            " || setweight(to_tsvector(%s::regconfig, coalesce(search_text, '')), 'B')"
            " WHERE language = %s",
            [config, config, code],
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for base in LANGUAGES.values():
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_{base}")
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION portal_{base} (COPY = pg_catalog.{base})")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION portal_{base}"
                f" ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {base}_stem"
            )
        _reindex(cursor, "portal_")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        _reindex(cursor, "pg_catalog.")
        for base in LANGUAGES.values():
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_{base}")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0009_translatable_model_names")]

    operations = [migrations.RunPython(forwards, backwards)]
