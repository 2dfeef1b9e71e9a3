"""The Erasmus+ grant for one learner mobility, computed from a funding table's unit costs.

A pure function: dates, destination, distance and travel mode in, a breakdown out, so that
the mobility page, the management command and the tests all show the same figures. Money is
Decimal throughout; every line says the rule it applied and the table it came from.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wegwijzer.funding.models import TravelBandRate, UnitCosts
from wegwijzer.travel.data import DUTCH_CARIBBEAN, ERASMUS_VET_GROUPS

# From the 15th funded day on the lower day rate applies (documented for the 2021-22 calls;
# the rate itself is in the table).
FULL_RATE_DAYS = 14


@dataclass(frozen=True)
class GrantLine:
    label: str
    rule: str
    source: str
    amount: Decimal
    # Organisational and inclusion support go to the school, not to the participant.
    for_school: bool = False


@dataclass(frozen=True)
class GrantBreakdown:
    days_abroad: int
    travel_days: int
    funded_days: int
    country_group: int
    distance_km: int
    green: bool
    lines: list[GrantLine]
    # Where the table's rates come from, said once for all lines (each names its table).
    table_source: str = ""

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def school_support(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.for_school), Decimal("0.00"))


def compute_grant(
    *,
    start: datetime.date,
    end: datetime.date,
    country_code: str,
    distance_km: int,
    green: bool,
    inclusion: bool,
    costs: UnitCosts,
) -> GrantBreakdown:
    """The grant for a stay from `start` to `end`, both days abroad included."""
    days_abroad = _days_abroad(start, end, costs)
    group = _country_group(country_code, costs)
    if distance_km < 0:
        raise ValidationError(_("A distance cannot be negative."))
    travel_days = costs.travel_days(green=green)
    funded_days = days_abroad + travel_days
    source = _source(costs)
    lines = [
        *_individual_support(funded_days, days_abroad, travel_days, group, costs, source),
        _travel_support(distance_km, green, costs, source),
        GrantLine(
            _("Organisational support"),
            _("per participant"),
            source,
            costs.organisational_support,
            for_school=True,
        ),
    ]
    if inclusion:
        lines.append(
            GrantLine(
                _("Inclusion support"),
                _("per participant with fewer opportunities"),
                source,
                costs.inclusion_support,
                for_school=True,
            )
        )
    return GrantBreakdown(
        days_abroad, travel_days, funded_days, group, distance_km, green, lines, costs.source
    )


def _days_abroad(start: datetime.date, end: datetime.date, costs: UnitCosts) -> int:
    if end < start:
        raise ValidationError(_("The end date cannot be before the start date."))
    days = (end - start).days + 1
    if days < costs.minimum_days:
        raise ValidationError(
            _(
                "A stay of %(days)s days is shorter than the minimum of %(minimum)s days in the "
                "funding table %(year)s."
            )
            % {"days": days, "minimum": costs.minimum_days, "year": costs.call_year}
        )
    if days > costs.maximum_days:
        raise ValidationError(
            _(
                "A stay of %(days)s days is longer than the maximum of %(maximum)s days in the "
                "funding table %(year)s."
            )
            % {"days": days, "maximum": costs.maximum_days, "year": costs.call_year}
        )
    return days


def country_group(country_code: str, costs: UnitCosts | None) -> int | None:
    """The receiving-country group of a destination under a funding table; None for a
    partner country. The Dutch Caribbean's group is the table's setting (none without one)."""
    code = country_code.upper()
    if code in DUTCH_CARIBBEAN:
        return costs.dutch_caribbean_group if costs else None
    return ERASMUS_VET_GROUPS.get(code)


def _country_group(country_code: str, costs: UnitCosts) -> int:
    group = country_group(country_code, costs)
    if group is None:
        raise ValidationError(
            _(
                "%(country)s is in none of the Erasmus+ VET receiving-country groups: the "
                "Programme Guide's rules for partner countries apply, enter this grant by hand."
            )
            % {"country": country_code.upper()}
        )
    return group


def _money(amount: Decimal) -> str:
    """An amount in a rule as the reader writes it: "80.00" in English, "80,00" in Dutch."""
    return number_format(amount, decimal_pos=2, force_grouping=True)


def _source(costs: UnitCosts) -> str:
    name = _("funding table %(year)s") % {"year": costs.call_year}
    if costs.is_example:
        name = _("%(table)s (example rates)") % {"table": name}
    return name


def _individual_support(
    funded_days: int,
    days_abroad: int,
    travel_days: int,
    group: int,
    costs: UnitCosts,
    source: str,
) -> list[GrantLine]:
    if group not in costs.day_rates:
        raise ValidationError(
            _("The funding table %(year)s has no day rate for country group %(group)s.")
            % {"year": costs.call_year, "group": group}
        )
    full_rate, later_rate = costs.day_rates[group]
    full_days = min(funded_days, FULL_RATE_DAYS)
    later_days = funded_days - full_days
    context = {
        "abroad": days_abroad,
        "travel": travel_days,
        "group": group,
    }
    lines = [
        GrantLine(
            _("Individual support, days 1 to %(days)s") % {"days": full_days},
            _(
                "%(days)s days x €%(rate)s (country group %(group)s; funded days: %(abroad)s "
                "abroad + %(travel)s travel)"
            )
            % {"days": full_days, "rate": _money(full_rate), **context},
            source,
            full_days * full_rate,
        )
    ]
    if later_days:
        lines.append(
            GrantLine(
                _("Individual support, from day 15"),
                _("%(days)s days x €%(rate)s (country group %(group)s)")
                % {"days": later_days, "rate": _money(later_rate), "group": group},
                source,
                later_days * later_rate,
            )
        )
    return lines


def travel_support(distance_km: int, green: bool, costs: UnitCosts) -> Decimal:
    """The travel support of a journey of distance_km one way (the participant export)."""
    return _travel_support(distance_km, green, costs, "").amount


def _travel_support(distance_km: int, green: bool, costs: UnitCosts, source: str) -> GrantLine:
    band = costs.band_for(distance_km)
    label = _("Travel support, green travel") if green else _("Travel support")
    if band is None:
        return GrantLine(
            label,
            _("%(km)s km: in no distance band, no travel support") % {"km": distance_km},
            source,
            Decimal("0.00"),
        )
    amount, rule = _band_amount(band, green)
    return GrantLine(
        label,
        _("%(km)s km one way: band %(band)s, %(rule)s")
        % {"km": distance_km, "band": band.name, "rule": rule},
        source,
        amount,
    )


def _band_amount(band: TravelBandRate, green: bool) -> tuple[Decimal, str]:
    if green and band.green is not None:
        return band.green, _("green rate")
    if green:
        return band.standard, _("no green rate in this band: standard rate")
    return band.standard, _("standard rate")
