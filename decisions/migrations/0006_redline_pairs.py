"""Every pair of rounds of a decision gets its redline row, as issuing a round now does: the rows of
pairs never opened before (their PDFs used to be rendered on the first download) are created
without a file. `manage.py rebuild_pdfs --missing` renders them."""

from django.db import migrations


def create_missing_pairs(apps, schema_editor):
    Revision = apps.get_model("decisions", "Revision")
    RedlinePdf = apps.get_model("decisions", "RedlinePdf")
    existing = set(RedlinePdf.objects.values_list("older_id", "newer_id"))
    rounds: dict[int, list] = {}
    for revision in Revision.objects.order_by("decision_id", "number").only("pk", "decision_id"):
        rounds.setdefault(revision.decision_id, []).append(revision.pk)
    missing = [
        RedlinePdf(older_id=older, newer_id=newer)
        for pks in rounds.values()
        for index, newer in enumerate(pks)
        for older in pks[:index]
        if (older, newer) not in existing
    ]
    RedlinePdf.objects.bulk_create(missing)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0005_generated_pdf")]

    operations = [migrations.RunPython(create_missing_pairs, migrations.RunPython.noop)]
