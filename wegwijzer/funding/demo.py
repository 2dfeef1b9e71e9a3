"""The demo's Erasmus+ unit costs for the 2024 call, and one grant agreement.

The travel bands are the 2024 call's (see TRAVEL_BANDS_2024). The day rates, the
organisational support and the inclusion support are EXAMPLES: the national agency sets
them inside the Programme Guide's ranges and the school's grant agreement states them, so
the table is marked as example rates until a coordinator enters the real ones.
Loading twice changes nothing.
"""

import datetime
import random
from decimal import Decimal

from wegwijzer.funding.models import DayRate, FundingTable, GrantAgreement, TravelBand

SOURCE_2024 = (
    "Reisbanden: Erasmus+-oproep 2024 (EPOS Vlaanderen; VU Amsterdam; Tiroler Schulnetz, "
    "april 2025). Dagtarieven, organisatorische en inclusieondersteuning: VOORBEELDTARIEVEN, "
    "vervang ze door de tarieven in de subsidieovereenkomst van de school."
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


def load(*, rng: random.Random, password: str) -> None:
    table, created = FundingTable.objects.get_or_create(
        call_year=2024,
        defaults={
            "source": SOURCE_2024,
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
    GrantAgreement.objects.get_or_create(
        project_number="2024-1-NL01-KA121-VET-000000000",
        defaults={
            "name": "Erasmus+ accreditatie 2024 (demo)",
            "call_year": 2024,
            "start": datetime.date(2024, 6, 1),
            "end": datetime.date(2026, 8, 31),
            "budget": Decimal(250000),
        },
    )
