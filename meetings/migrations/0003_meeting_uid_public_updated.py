import uuid

import django.utils.timezone
from django.db import migrations, models


def give_each_meeting_its_own_uid(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.filter(uid__isnull=True):
        meeting.uid = uuid.uuid4()
        meeting.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_alter_historicalminutes_publication_state_and_more")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="is_public",
            field=models.BooleanField(
                default=True,
                help_text="Unticked: only signed-in Friends, coordinators and staff see the meeting (e.g. a closed consultation).",
                verbose_name="public",
            ),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="is_public",
            field=models.BooleanField(
                default=True,
                help_text="Unticked: only signed-in Friends, coordinators and staff see the meeting (e.g. a closed consultation).",
                verbose_name="public",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="updated_at",
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, editable=False),
            preserve_default=False,
        ),
        # A unique value per existing row: add empty, fill, then require.
        migrations.AddField(model_name="meeting", name="uid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(give_each_meeting_its_own_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="historicalmeeting",
            name="uid",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
