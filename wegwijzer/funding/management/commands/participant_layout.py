"""Read or write the column layouts of the participant export as JSON, for a new release
of the Beneficiary Module's import template:

    manage.py participant_layout --dump > layouts.json
    manage.py participant_layout --load layouts.json

A loaded layout replaces the one with its slug, or is added; each change is audited.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijzer.funding import layouts, services
from wegwijzer.funding.models import ParticipantLayout


class Command(BaseCommand):
    help = "Dump the participant export layouts as JSON, or load them from a JSON file."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--dump", action="store_true", help="Write every layout as JSON.")
        group.add_argument("--load", metavar="FILE", help="Add or replace layouts from FILE.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dump"]:
            self.stdout.write(layouts.dump_layouts(ParticipantLayout.objects.order_by("name")))
            return
        try:
            loaded = services.load_layouts(Path(options["load"]).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as error:
            raise CommandError(f"Not loaded: {error}") from error
        for layout in loaded:
            self.stdout.write(f"{layout.slug}: {len(layout.columns)} columns")
