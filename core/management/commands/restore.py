from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupRefused, backup_restore, backup_verify, database_records, migration_state_check


class Command(BaseCommand):
    help = (
        "Put back an archive written by `manage.py backup`: checks every member's SHA-256 against the "
        "manifest and the migration state against this code first, and changes nothing if either is "
        "wrong. Then, in one transaction, empties the portal's tables (sessions and the task queue too: "
        "everyone signs in again), loads the records, resets the id sequences and puts the files back "
        "in storage under their names; then clears the shared cache. A database that holds records is "
        "only replaced with --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive (.tar.gz) to restore.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the records the database holds now (asks first)."
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="With --replace: do not ask to confirm."
        )
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args, archive, replace, interactive, database, **options):
        try:
            manifest = backup_verify(archive=archive)
            older = migration_state_check(manifest=manifest, using=database)
        except BackupRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"{archive}: taken {manifest['created_at']} (commit {manifest.get('git_commit') or 'unknown'}), "
            f"{sum(manifest['records'].values())} records, {len(manifest['files'])} files; every member checked."
        )
        for app in older:
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: the archive is older than this code for {app}: its records are loaded into the "
                    "newer tables. If loading fails, restore with the archive's commit, then upgrade."
                )
            )
        present = database_records(using=database)
        if present:
            summary = ", ".join(f"{count} {label}" for label, count in sorted(present.items()))
            if not replace:
                raise CommandError(
                    f"The database holds records ({summary}); nothing was changed. "
                    "Give --replace to replace them with the archive's."
                )
            self.stdout.write(f"This replaces every record in the database: {summary}.")
            if interactive and input("Type 'replace' to continue: ").strip() != "replace":
                raise CommandError("Cancelled; nothing was changed.")
        try:
            result = backup_restore(archive=archive, manifest=manifest, using=database)
        except BackupRefused as refused:
            raise CommandError(f"{refused} The database was left as it was.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.records} records and {result.files} files "
                f"({result.files_unchanged} already in storage with the same content); cache cleared."
            )
        )
        if result.public_files_removed:
            self.stdout.write(
                f"Removed {len(result.public_files_removed)} public files no restored record names "
                "(published after the backup)."
            )
        if result.files_cleared:
            self.stdout.write(
                f"{result.files_cleared} records named files the archive did not hold; they have none now. "
                "Run manage.py rebuild_pdfs --missing to render the PDFs among them again."
            )
        self.stdout.write(
            "PDFs queued but not yet rendered when the backup was made are not queued any more: "
            "run manage.py rebuild_pdfs --missing (the task queue is not part of the archive)."
        )
