import importlib
import random

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

DEMO_PASSWORD = "wegwijzer-demo"  # noqa: S105 - printed for anyone trying the demo
DEMO_SEED = 2026


class Command(BaseCommand):
    help = (
        "Create or refresh the demo school: programmes, students, host companies and one "
        "user per role. Safe to run again. Refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="do not print the demo logins"
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo school is for trying Wegwijzer out: it refuses to run when DEBUG is "
                "off, so it never writes demo accounts into a real school's database."
            )
        with transaction.atomic():
            for app_name in self.apps_with_demo_data():
                module = importlib.import_module(f"{app_name}.demo")
                # Each app gets its own generator, so one app's data does not shift another's.
                module.load(rng=random.Random(f"{DEMO_SEED}-{app_name}"), password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("The demo school is ready."))
        if not options["quiet_logins"]:
            self.stdout.write("Log in at http://127.0.0.1:8000 with one of these:")
            for username in ("coordinator", "supervisor", "mentor", "student"):
                self.stdout.write(f"  {username:<12} password: {DEMO_PASSWORD}")
            # An app may print what goes with the logins (the calendars app: feed addresses).
            for app_name in self.apps_with_demo_data():
                module = importlib.import_module(f"{app_name}.demo")
                for line in getattr(module, "after_logins", list)():
                    self.stdout.write(line)

    @staticmethod
    def apps_with_demo_data() -> list[str]:
        """Apps that bring demo data in a demo.py module, in INSTALLED_APPS order."""
        return [
            config.name
            for config in apps.get_app_configs()
            if config.name.startswith("wegwijzer.")
            and importlib.util.find_spec(f"{config.name}.demo") is not None
        ]
