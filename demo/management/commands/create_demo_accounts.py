from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_ACCOUNTS, DemoAccountsRefused, demo_accounts_create


class Command(BaseCommand):
    help = "Local sign-ins for trying the workspace: two coordinators with current terms and a Friend (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo", help="Password of every demo account (default: demo).")

    def handle(self, *args, password, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have known passwords: they are only created with DEBUG on.")
        try:
            demo_accounts_create(password=password)
        except DemoAccountsRefused as refused:
            raise CommandError(f"{refused} Nothing was changed.") from None
        except ObjectDoesNotExist as missing:
            raise CommandError(
                f"The demo data is not loaded ({missing}); run manage.py load_demo_data first."
            ) from None
        for username, person, group in DEMO_ACCOUNTS:
            what = f"coordinator of {group}" if group else "Friend"
            self.stdout.write(f"  {username} / {password}: {person}, {what}")
        self.stdout.write(self.style.SUCCESS("Demo accounts ready."))
