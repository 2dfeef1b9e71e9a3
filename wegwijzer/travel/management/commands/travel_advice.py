from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegwijzer.travel import services
from wegwijzer.travel.models import Colour, Country


class Command(BaseCommand):
    help = (
        "import: fetch the travel advice of every country from the ministry's open-data "
        "service (or --from recorded answers); show ISO: print a country's colours and date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="import the travel advice")
        importing.add_argument(
            "--from", dest="path", type=Path, help="a recorded answer file or folder"
        )
        showing = sub.add_parser("show", help="print a country's colours")
        showing.add_argument("iso", help="ISO 3166-1 alpha-2 code, e.g. ES")

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "show":
            self.show(str(options["iso"]))
            return
        path = options.get("path")
        if isinstance(path, Path):
            if not path.exists():
                raise CommandError(f"{path} does not exist.")
            report = services.import_from_path(path)
        else:
            report = services.import_from_service()
        self.stdout.write(
            f"Changed: {len(report.changed)}, unchanged: {len(report.unchanged)}, "
            f"unclear: {len(report.unclear)}, missing: {len(report.missing)}, "
            f"failed: {len(report.failed)}."
        )
        for code in report.unclear:
            self.stderr.write(f"No colour in the summary of {code}: kept, marked for a check.")
        for code in report.missing:
            self.stderr.write(f"No advice for {code} in the answer: kept as it was.")
        for failure in report.failed:
            self.stderr.write(f"Failed: {failure}")
        if not report.complete:
            raise CommandError("The import was not complete; the last good data was kept.")

    def show(self, iso: str) -> None:
        country = Country.objects.filter(code=iso.upper()).first()
        if country is None:
            raise CommandError(f"No travel advice known for {iso.upper()}.")

        def name(colour: int | None) -> str:
            return Colour(colour).name.lower() if colour else "unknown"

        manual = f" (set by hand: {country.manual_reason})" if country.manual_colour else ""
        self.stdout.write(
            f"{country.code} {country}: {name(country.colour)}{manual}, "
            f"worst regional colour {name(country.worst_colour)}, "
            f"last changed {country.changed_on or 'unknown'}"
            + (", needs a manual check" if country.needs_check else "")
        )
