# The contact-list PDF joins the one pipeline of generated files (publishing.generated.GeneratedPdf):
# its fingerprint was already the SHA-256 of the page it was rendered from.

import publishing.generated
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0004_contact_list_pdf'),
    ]

    operations = [
        migrations.RenameField(
            model_name='contactlistedition',
            old_name='pdf_fingerprint',
            new_name='pdf_source_sha256',
        ),
        migrations.AddField(
            model_name='contactlistedition',
            name='pdf_rendered_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='contactlistedition',
            name='pdf_size',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='contactlistedition',
            name='pdf_sha256',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='contactlistedition',
            name='pdf',
            field=models.FileField(blank=True, editable=False, max_length=255, upload_to=publishing.generated.generated_pdf_path),
        ),
    ]
