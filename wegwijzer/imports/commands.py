"""What the import commands share: `manage.py import_students FILE [--mapping NAME] [--apply]`
and its siblings, for the IT department's scheduled jobs.

The command prints the dry run (counts, then each created, updated and refused row with its
line, key and changes or reasons) and applies only with --apply, audited as done by
Wegwijzer itself. A dry run leaves nothing behind."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijzer.imports import services
from wegwijzer.imports.kinds import KINDS, Plan
from wegwijzer.imports.models import ImportMapping
from wegwijzer.imports.reading import UnreadableFile


class ImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the export: a CSV or XLSX file with a heading row")
        parser.add_argument("--mapping", help="the name of the saved columns to read it with")
        parser.add_argument("--apply", action="store_true", help="apply; without it, a dry run")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            run = services.start_import(
                by=None,
                kind=self.kind,
                filename=path.name,
                content=path.read_bytes(),
                mapping=self._mapping(options["mapping"]),
            )
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error}") from error
        plan = services.plan_of(run)
        self._print(plan)
        if not options["apply"]:
            run.delete()
            self.stdout.write("Dry run: nothing changed. Run again with --apply to apply.")
            return
        counts = services.apply_import(run, by=None, plan_digest=services.digest(plan))
        self.stdout.write(
            self.style.SUCCESS(
                "Applied: {created} created, {updated} updated, {refused} refused.".format(**counts)
            )
        )

    def _mapping(self, name: str | None) -> ImportMapping | None:
        if not name:
            return None
        mapping = ImportMapping.objects.filter(name=name, kind=self.kind).first()
        if mapping is None:
            known = ", ".join(
                ImportMapping.objects.filter(kind=self.kind).values_list("name", flat=True)
            )
            raise CommandError(f"No saved mapping {name!r}. Saved: {known or 'none'}.")
        return mapping

    def _print(self, plan: Plan) -> None:
        labels = KINDS[self.kind].field_labels()
        write = self.stdout.write
        write("created: {created}  updated: {updated}  unchanged: {unchanged}  "
              "refused: {refused}".format(**plan.counts()))  # fmt: skip
        # The fields that change, never their values: a scheduled job's output ends up in
        # cron mail and log files, which are no place for names, birth dates or addresses.
        for title, rows in (("Created", plan.created), ("Updated", plan.updated)):
            for row in rows:
                changes = ", ".join(labels[name] for name in row.changes)
                extra = f"; + {len(row.extra)} guardian e-mail(s)" if row.extra else ""
                write(f"{title}\tline {row.line}\t{row.key}\t{changes}{extra}")
        for row in plan.refused:
            write(f"Refused\tline {row.line}\t{row.key or '-'}\t{' '.join(row.reasons)}")
