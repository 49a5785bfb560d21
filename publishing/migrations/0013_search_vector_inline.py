"""PostgreSQL only: each version's search vector kept in its row, not in the TOAST table.

Search matches and ranks every current version that holds the query's words. A vector of more than
about 2 kB (most documents: tsvector positions do not compress) was moved out of the row, and read from
the TOAST table twice per version, once to match (@@) and once to rank (ts_rank): on the bench's worst
query, 351 versions, about 4 ms of PostgreSQL's time a search; kept in the row, 0.5 ms. The row may now
grow to a page (toast_tuple_target 8160 bytes) before its values are moved out, the largest first,
and the vector (storage MAIN) only when nothing else is left: the frozen HTML and the text go first.
Existing rows are written again so their vectors come back into the row.
"""

from django.db import migrations

TABLE = "publishing_publishedversion"


def keep_in_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 8160)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN")
    # A new value (|| makes one) is stored by the new rules; an unchanged one would keep its TOAST pointer.
    schema_editor.execute(
        f"UPDATE {TABLE} SET search_vector = search_vector || ''::tsvector WHERE search_vector IS NOT NULL"
    )


def move_out_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0012_circulation_comments_deadline")]

    operations = [migrations.RunPython(keep_in_row, move_out_again)]
