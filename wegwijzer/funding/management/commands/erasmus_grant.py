import argparse
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wegwijzer.funding.calculator import GrantBreakdown, compute_grant
from wegwijzer.funding.distance import distance_km, find_city, whole_km
from wegwijzer.funding.models import FundingTable


class Command(BaseCommand):
    help = (
        "Print the Erasmus+ grant of one mobility line by line, with the rule and the table "
        "of each figure, for checking by hand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="origin",
            default=settings.SCHOOL_CITY,
            help='the sending city, e.g. "Utrecht, NL" (default: SCHOOL_CITY)',
        )
        parser.add_argument("--to", dest="destination", required=True, help='e.g. "Valencia, ES"')
        parser.add_argument("--start", type=_date, required=True, help="YYYY-MM-DD")
        parser.add_argument("--end", type=_date, required=True, help="YYYY-MM-DD")
        parser.add_argument("--green", action="store_true", help="green travel")
        parser.add_argument(
            "--inclusion", action="store_true", help="a participant with fewer opportunities"
        )
        parser.add_argument("--call", type=int, help="call year (default: the latest table)")

    def handle(self, *args: object, **options: object) -> None:
        if not options["origin"]:
            raise CommandError(_("Give --from, or set SCHOOL_CITY."))
        try:
            origin = find_city(str(options["origin"]))
            destination = find_city(str(options["destination"]))
            table = FundingTable.for_call_year(options["call"])  # type: ignore[arg-type]
            km = whole_km(distance_km(origin, destination))
            breakdown = compute_grant(
                start=options["start"],  # type: ignore[arg-type]
                end=options["end"],  # type: ignore[arg-type]
                country_code=destination.country_code,
                distance_km=km,
                green=bool(options["green"]),
                inclusion=bool(options["inclusion"]),
                costs=table.unit_costs(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("%(origin)s to %(destination)s: %(km)s km one way, country group %(group)s")
            % {
                "origin": origin,
                "destination": destination,
                "km": km,
                "group": breakdown.country_group,
            }
        )
        self.print_breakdown(breakdown)

    def print_breakdown(self, breakdown: GrantBreakdown) -> None:
        self.stdout.write(
            _("%(abroad)s days abroad + %(travel)s travel days = %(funded)s funded days")
            % {
                "abroad": breakdown.days_abroad,
                "travel": breakdown.travel_days,
                "funded": breakdown.funded_days,
            }
        )
        for line in breakdown.lines:
            self.stdout.write(f"{line.label}: €{line.amount}")
            self.stdout.write(f"    {line.rule}")
            self.stdout.write(f"    {line.source}")
        self.stdout.write(_("Total: €%(total)s") % {"total": breakdown.total})
        table = _("Source of the %(table)s:") % {"table": breakdown.lines[0].source}
        self.stdout.write(f"{table} {breakdown.table_source}")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        message = _("%(date)s is not a date as YYYY-MM-DD.") % {"date": text}
        raise argparse.ArgumentTypeError(message) from error
