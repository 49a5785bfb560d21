"""manage.py export_public FOLDER: everything public as JSON Lines, PDFs and a manifest of SHA-256 sums.

manage.py export_public /srv/exports/today     # a folder (new, or empty)
manage.py export_public --publish              # the export /data/ links
manage.py export_public --publish --wait 300   # ... waiting for PDFs being rendered (what bin/serve runs)
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata.exports import public_export_write
from opendata.services import public_export_awaits_pdfs, public_export_publish

# How often --wait looks again whether the PDFs are rendered.
WAIT_STEP_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Write everything an anonymous visitor may read (the API's collections as JSON Lines, the PDFs "
        "of published versions) with a manifest of SHA-256 sums into FOLDER; or, with --publish, store it "
        "zipped as the export the /data/ page links, when anything public changed since the last one."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", type=Path, help="A new or empty folder to write into.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Store the export /data/ links (zipped, in the public area) instead of writing a folder.",
        )
        parser.add_argument(
            "--force", action="store_true", help="With --publish: export even if nothing public changed."
        )
        parser.add_argument(
            "--wait",
            type=int,
            default=0,
            metavar="SECONDS",
            help="With --publish: while the task worker renders PDFs of versions just published, look again "
            f"every {WAIT_STEP_SECONDS} seconds, for up to SECONDS, instead of leaving the export to the next run.",
        )

    def handle(self, *args, folder, publish, force, wait, **options):
        if publish == (folder is not None):
            raise CommandError("Give either a FOLDER to write into or --publish (not both).")
        if publish:
            deadline = time.monotonic() + wait
            export = public_export_publish(force=force)
            # A new installation, or a publication: the worker renders the PDFs within seconds; the export
            # follows them rather than waiting a whole EXPORT_INTERVAL for the next run.
            while export is None and time.monotonic() < deadline and public_export_awaits_pdfs():
                time.sleep(WAIT_STEP_SECONDS)
                export = public_export_publish(force=force)
            if export is None and public_export_awaits_pdfs():
                self.stdout.write("Published versions still await their PDF: the next run exports them.")
            elif export is None:
                self.stdout.write("Nothing public changed since the latest export (or another worker is exporting).")
            else:
                self.stdout.write(f"Stored {export.file.name} ({export.size} bytes, SHA-256 {export.sha256}).")
            return
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise CommandError(f"{folder} is not an empty folder: an export is written into a new or empty one.")
        summary = public_export_write(folder)
        counts = ", ".join(f"{name}: {count}" for name, count in summary.collections.items())
        self.stdout.write(
            f"Wrote {len(summary.files)} files into {folder} ({counts}); check with: sha256sum -c SHA256SUMS"
        )
