from django.core.management.base import BaseCommand

from demo.services import demo_data_load


class Command(BaseCommand):
    help = "Load the seed documents (Friends meeting of 30 November 2010, contact list, 2012 draft decision)."

    def handle(self, *args, **options):
        created, updated = demo_data_load()
        if not created and not updated:
            self.stdout.write("Demo data already up to date: nothing changed.")
            return
        for label, counts in (("Created", created), ("Updated", updated)):
            if counts:
                summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))
                self.stdout.write(f"{label}: {summary}.")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
