# Minutes sections get a stable key (existing rows one each), and versions of minutes
# keep their sections (MinutesRevision) so two versions can be compared.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import publishing.generated


def give_sections_keys(apps, schema_editor):
    """Each section its own key; its history rows the same key (a section restored from its
    history keeps its identity); history of deleted sections a key per section."""
    section_model = apps.get_model("meetings", "MinutesSection")
    history_model = apps.get_model("meetings", "HistoricalMinutesSection")
    keys = {}
    for section in section_model.objects.filter(key__isnull=True).only("pk").iterator():
        keys[section.pk] = uuid.uuid4()
        section_model.objects.filter(pk=section.pk).update(key=keys[section.pk])
    for section_id in history_model.objects.filter(key__isnull=True).values_list("id", flat=True).distinct():
        key = keys.get(section_id) or uuid.uuid4()
        history_model.objects.filter(id=section_id, key__isnull=True).update(key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0011_document_identity"),
        ("publishing", "0006_document_identity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Nullable first: a column default would give every existing row the same key.
        migrations.AddField(
            model_name="historicalminutessection",
            name="key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="minutessection",
            name="key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_sections_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalminutessection",
            name="key",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="minutessection",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="MinutesRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("summary", models.TextField(blank=True)),
                ("sections", models.JSONField()),
                ("created_at", models.DateTimeField()),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "minutes",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="revisions", to="meetings.minutes"
                    ),
                ),
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="minutes_revision",
                        to="publishing.publishedversion",
                    ),
                ),
            ],
            options={"ordering": ["minutes", "created_at", "pk"]},
        ),
        migrations.CreateModel(
            name="MinutesComparePdf",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "pdf",
                    models.FileField(
                        blank=True, editable=False, max_length=255, upload_to=publishing.generated.generated_pdf_path
                    ),
                ),
                ("pdf_sha256", models.CharField(blank=True, editable=False, max_length=64)),
                ("pdf_size", models.PositiveIntegerField(blank=True, editable=False, null=True)),
                ("pdf_source_sha256", models.CharField(blank=True, editable=False, max_length=64)),
                ("pdf_rendered_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "newer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.minutesrevision"
                    ),
                ),
                (
                    "older",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="meetings.minutesrevision"
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("older", "newer"), name="meetings_compare_unique_pair")]
            },
        ),
    ]
