"""Count the stored Erasmus+ totals (funding.tallies) again:

    manage.py refresh_tallies          # the agreements marked stale
    manage.py refresh_tallies --all    # every agreement (after a restore, or to be sure)

The daily run refreshes the stale ones too; an agreement marked stale is counted live by
its pages meanwhile, so this only makes them faster again.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wegwijzer.funding import tallies


class Command(BaseCommand):
    help = "Count the stored Erasmus+ totals of the stale (or --all) grant agreements again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Refresh every agreement.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = tallies.refresh_all() if options["all"] else tallies.refresh_stale()
        self.stdout.write(f"Refreshed the totals of {count} grant agreement(s).")
