from django.core.management.base import BaseCommand
from tqdm import tqdm

from publishing.generated import GeneratedPdf, generated_pdf_store


class Command(BaseCommand):
    help = (
        "Render every generated PDF again (versions, redlines, contact lists): after a change to the "
        "print stylesheet or fonts, which their source pages do not show. --missing: only those without a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only records that have no PDF yet.")

    def handle(self, *args, missing=False, **options):
        rendered = 0
        for model in GeneratedPdf.generated_pdf_models():
            records = model._base_manager.order_by("pk")  # every record, language versions too
            if missing:
                records = records.filter(pdf="")
            ids = list(records.values_list("pk", flat=True))
            label = model._meta.verbose_name_plural
            # One record at a time: a version's HTML can be large.
            for pk in tqdm(ids, desc=f"Rendering {label}", unit="pdf", file=self.stderr, disable=not ids):
                rendered += generated_pdf_store(record=model._base_manager.get(pk=pk), force=not missing)
        self.stdout.write(self.style.SUCCESS(f"Rendered {rendered} PDF{'s' if rendered != 1 else ''}."))
