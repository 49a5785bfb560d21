from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupRefused, backup_create


class Command(BaseCommand):
    help = (
        "Write the portal's records and every file they name to one archive (.tar.gz): data.json "
        "(dumpdata --all --natural-foreign, all tables read from one snapshot), files/<storage name>, "
        "and manifest.json (SHA-256 and size of every member, the time, the migration state, the git "
        "commit). Left out, as not data: content types and permissions (migrate makes them), sessions, "
        "the task queue and results (django-tasks-db), axes' sign-in attempts and logs, the cache table. "
        "A file a record names but storage no longer holds is reported and left out."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="Where to write the archive, e.g. /backups/portal-2026-01-31.tar.gz."
        )
        parser.add_argument("--force", action="store_true", help="Replace the archive if it exists.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, archive, force, database, **options):
        try:
            result = backup_create(archive=archive, force=force, using=database)
        except BackupRefused as refused:
            raise CommandError(str(refused)) from None
        for name in result.missing_files:
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: {name} is named by a record but missing from storage; not in the archive."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {result.archive}: {result.records} records, {result.files} files.")
        )
