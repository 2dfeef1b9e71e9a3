"""The demo's Erasmus+ unit costs and grant agreements, and a grant for every demo stay.

The travel bands are the 2024 call's (see TRAVEL_BANDS_2024). The day rates, the
organisational support and the inclusion support are EXAMPLES: the national agency sets
them inside the Programme Guide's ranges and the school's grant agreement states them, so
every table is marked as example rates until a coordinator enters the real ones.

The demo's stays are dated relative to the day the demo is loaded (mobilities/demo.py), so
its grant agreements are too: one for last year's call and one for this year's, each with
its table, and the next call's when a stay ends after both. Loading twice changes nothing;
loading again in a later call year adds that year's agreement.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.funding import policy, services
from wegwijzer.funding.models import DayRate, FundingTable, GrantAgreement, TravelBand
from wegwijzer.mobilities.demo import DEMO_MOBILITIES
from wegwijzer.mobilities.models import Funding, Mobility

SOURCE_2024 = (
    "Reisbanden: Erasmus+-oproep 2024 (EPOS Vlaanderen; VU Amsterdam; Tiroler Schulnetz, "
    "april 2025). Dagtarieven, organisatorische en inclusieondersteuning: VOORBEELDTARIEVEN, "
    "vervang ze door de tarieven in de subsidieovereenkomst van de school."
)
SOURCE_OTHER_YEAR = (
    "VOORBEELD voor de oproep {year}. Reisbanden: overgenomen van de Erasmus+-oproep 2024 "
    "(EPOS Vlaanderen; VU Amsterdam; Tiroler Schulnetz, april 2025), niet gecontroleerd voor "
    "{year}. Dagtarieven, organisatorische en inclusieondersteuning: VOORBEELDTARIEVEN. "
    "Vervang alles door de tarieven in de subsidieovereenkomst van de school."
)

# (from km, up to and including km, standard, green); None: no upper limit / no green rate.
TRAVEL_BANDS_2024: list[tuple[int, int | None, str, str | None]] = [
    (10, 99, "28", "56"),
    (100, 499, "211", "285"),
    (500, 1999, "309", "417"),
    (2000, 2999, "395", "535"),
    (3000, 3999, "580", "785"),
    (4000, 7999, "1188", None),
    (8000, None, "1735", None),
]

# Example day rates per receiving-country group: (days 1-14, from day 15 at 70 %).
EXAMPLE_DAY_RATES = {1: ("90", "63"), 2: ("80", "56"), 3: ("70", "49")}

# How the demo's Erasmus+ stays travel and who gets inclusion support, by student number;
# one grant is set by hand, with the coordinator's reason.
GREEN_TRAVEL = {"540001", "540006", "540010", "540019", "540022"}
FEWER_OPPORTUNITIES = {"540003", "540020"}
SET_BY_HAND = {
    "540007": (
        Decimal(6200),
        "Het nationaal agentschap keurde bij de tussenrapportage vier reisdagen goed in plaats "
        "van zes: de beurs staat op het goedgekeurde bedrag.",
    ),
}


def load(*, rng: random.Random, password: str) -> None:
    _table(2024, SOURCE_2024)
    this_year = _call_year(timezone.localdate())
    agreements = [_agreement(year) for year in (this_year - 1, this_year)]
    if settings.SCHOOL_CITY:
        # Without the school's city no grant can be computed; the mobility page says so.
        _grants(agreements)
    # The default policy saved as the school's; payments of the grants, some already paid.
    policy.plan_demo_payments(today=timezone.localdate())


def _call_year(day: datetime.date) -> int:
    """The call whose project period (from 1 June of its year) began most recently."""
    return day.year if day >= datetime.date(day.year, 6, 1) else day.year - 1


def _agreement(call_year: int) -> GrantAgreement:
    """A KA121 project of that call: 24 months from 1 June, the longest a project may run."""
    if call_year != 2024:
        _table(call_year, SOURCE_OTHER_YEAR.format(year=call_year))
    agreement, _created = GrantAgreement.objects.get_or_create(
        project_number=f"{call_year}-1-NL01-KA121-VET-000000000",
        defaults={
            "name": f"Erasmus+ accreditatie {call_year} (demo)",
            "call_year": call_year,
            "start": datetime.date(call_year, 6, 1),
            "end": datetime.date(call_year + 2, 5, 31),
            "budget": Decimal(250000),
        },
    )
    return agreement


def _table(call_year: int, source: str) -> FundingTable:
    table, created = FundingTable.objects.get_or_create(
        call_year=call_year,
        defaults={
            "source": source,
            "is_example": True,
            "organisational_support": Decimal(350),
            "inclusion_support": Decimal(100),
        },
    )
    if created:
        for group, (rate, later_rate) in EXAMPLE_DAY_RATES.items():
            DayRate.objects.create(
                table=table,
                country_group=group,
                day_rate=Decimal(rate),
                day_rate_from_day_15=Decimal(later_rate),
            )
        for minimum, maximum, standard, green in TRAVEL_BANDS_2024:
            TravelBand.objects.create(
                table=table,
                minimum_km=minimum,
                maximum_km=maximum,
                standard=Decimal(standard),
                green=Decimal(green) if green else None,
            )
    return table


def _grants(agreements: list[GrantAgreement]) -> None:
    """A grant for every demo stay funded by Erasmus+ that has none yet."""
    numbers = [number for number, *_rest in DEMO_MOBILITIES]
    stays = (
        Mobility.objects.filter(
            funding=Funding.ERASMUS, student__student_number__in=numbers, grant__isnull=True
        )
        .select_related("student")
        .order_by("departure_date")
    )
    coordinator = User.objects.filter(username="coordinator").first()
    for mobility in stays:
        number = mobility.student.student_number
        grant = services.set_grant(
            mobility,
            by=coordinator,
            agreement=_covering(mobility, agreements),
            green_travel=number in GREEN_TRAVEL,
            fewer_opportunities=number in FEWER_OPPORTUNITIES,
        )
        if number in SET_BY_HAND and coordinator:
            total, reason = SET_BY_HAND[number]
            services.override_total(grant, by=coordinator, total=total, reason=reason)


def _covering(mobility: Mobility, agreements: list[GrantAgreement]) -> GrantAgreement:
    """The oldest agreement that covers the stay (its money is spent first), or the next
    call's when the stay ends after them all."""
    for agreement in agreements:
        if agreement.start <= mobility.departure_date and mobility.last_day <= agreement.end:
            return agreement
    later = _agreement(_call_year(mobility.departure_date))
    agreements.append(later)
    return later
