from django.core.management.base import BaseCommand
from tqdm import tqdm

from publishing.models import PublishedVersion
from publishing.services import version_render_pdf


class Command(BaseCommand):
    help = (
        "Render the PDF of every published or circulated version again (after a change to the print "
        "stylesheet or fonts, which the source pages do not show)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only versions that have no PDF yet.")

    def handle(self, *args, missing=False, **options):
        versions = PublishedVersion.objects.order_by("pk")
        if missing:
            versions = versions.filter(pdf="")
        ids = list(versions.values_list("pk", flat=True))
        # One version at a time: the HTML of a version can be large.
        for pk in tqdm(ids, desc="Rendering PDFs", unit="pdf", file=self.stderr, disable=not ids):
            version_render_pdf(version=PublishedVersion.objects.get(pk=pk), force=not missing)
        self.stdout.write(self.style.SUCCESS(f"Rendered {len(ids)} PDF{'s' if len(ids) != 1 else ''}."))
