import datetime

from django.core.management.base import BaseCommand

from core.stored_files import public_area_sweep


class Command(BaseCommand):
    help = (
        "Delete the files of the public area (public/, sent by the web server without asking the portal) "
        "that no record names: left by a restore of an older archive or a process stopped between a commit "
        "and its deletion. Safe to run on a schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=10,
            metavar="MINUTES",
            help="Spare files younger than this (a task may be storing one whose record is not committed yet).",
        )

    def handle(self, *args, older_than, **options):
        removed = public_area_sweep(older_than=datetime.timedelta(minutes=older_than))
        for name in removed:
            self.stdout.write(f"  removed {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(removed)} public files no record names removed."))
