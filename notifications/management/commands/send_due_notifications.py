"""The periodic run of notifications: run it every few minutes (README: Notifications)."""

from django.core.management.base import BaseCommand

from notifications.services import notifications_due_send


class Command(BaseCommand):
    help = (
        "Make the notices that are due (comment reminders, staff digests, action points, terms), queue "
        "messages due for another attempt, and forget expired subscription requests. Safe to run often "
        "and from two places at once."
    )

    def handle(self, *args, **options):
        done = notifications_due_send()
        if options["verbosity"] > 0:
            self.stdout.write(", ".join(f"{label}: {count}" for label, count in done.items()))
