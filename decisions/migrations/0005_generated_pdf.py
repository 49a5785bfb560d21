# Redline PDFs join the one pipeline of generated files (publishing.generated.GeneratedPdf); a pair's
# row now exists, without a file, from the moment its rendering is queued.

import publishing.generated
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('decisions', '0004_revision_number_help'),
    ]

    operations = [
        migrations.RenameField(
            model_name='redlinepdf',
            old_name='rendered_at',
            new_name='pdf_rendered_at',
        ),
        migrations.AlterField(
            model_name='redlinepdf',
            name='pdf_rendered_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='redlinepdf',
            name='pdf_size',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='redlinepdf',
            name='pdf_source_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='redlinepdf',
            name='pdf',
            field=models.FileField(blank=True, editable=False, max_length=255, upload_to=publishing.generated.generated_pdf_path),
        ),
        migrations.AlterField(
            model_name='redlinepdf',
            name='pdf_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
