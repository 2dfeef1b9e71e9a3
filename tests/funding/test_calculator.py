"""The grant calculator, with amounts computed by hand from the table below.

The table: the 2024 travel bands, and example day rates for group 2 (Spain) of €80 for
days 1-14 and €56 from day 15; organisational support €350, inclusion support €100; 2
funded travel days (6 with green travel); stays of 10 to 365 days.
"""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wegwijzer.funding.calculator import GrantBreakdown, compute_grant
from wegwijzer.funding.demo import TRAVEL_BANDS_2024
from wegwijzer.funding.models import TravelBandRate, UnitCosts

COSTS = UnitCosts(
    call_year=2024,
    source="test rates",
    is_example=True,
    minimum_days=10,
    maximum_days=365,
    travel_days_standard=2,
    travel_days_green=6,
    organisational_support=Decimal(350),
    inclusion_support=Decimal(100),
    day_rates={1: (Decimal(90), Decimal(63)), 2: (Decimal(80), Decimal(56))},
    travel_bands=[
        TravelBandRate(low, high, Decimal(standard), Decimal(green) if green else None)
        for low, high, standard, green in TRAVEL_BANDS_2024
    ],
)
UTRECHT_VALENCIA_KM = 1466
START = datetime.date(2025, 3, 3)

pytestmark = pytest.mark.usefixtures("english_messages")


def grant(
    days: int, *, km: int = UTRECHT_VALENCIA_KM, green: bool = False, country_code: str = "ES"
) -> GrantBreakdown:
    return compute_grant(
        start=START,
        end=START + datetime.timedelta(days=days - 1),
        country_code=country_code,
        distance_km=km,
        green=green,
        inclusion=False,
        costs=COSTS,
    )


def travel(breakdown):
    return next(line for line in breakdown.lines if line.label.startswith("Travel support"))


def amounts(breakdown) -> list[tuple[str, Decimal]]:
    return [(line.label, line.amount) for line in breakdown.lines]


def test_grant_short_stay_of_the_minimum_ten_days():
    breakdown = grant(10)

    # 10 days abroad + 2 travel days = 12 funded days x €80 = €960; 1,466 km → €309;
    # organisational €350. Total 960 + 309 + 350 = €1,619.
    assert breakdown.funded_days == 12
    assert amounts(breakdown) == [
        ("Individual support, days 1 to 12", Decimal(960)),
        ("Travel support", Decimal(309)),
        ("Organisational support", Decimal(350)),
    ]
    assert breakdown.total == Decimal(1619)


@pytest.mark.parametrize(
    ("days_abroad", "individual_support"),
    [
        (12, 1120),  # 12 + 2 = 14 funded days: 14 x 80 = 1,120, nothing at the lower rate
        (13, 1176),  # 13 + 2 = 15 funded days: 14 x 80 + 1 x 56 = 1,120 + 56 = 1,176
        (14, 1232),  # 14 + 2 = 16 funded days: 1,120 + 2 x 56 = 1,232
        (15, 1288),  # 15 + 2 = 17 funded days: 1,120 + 3 x 56 = 1,288
    ],
)
def test_grant_day_rate_drops_from_the_fifteenth_funded_day(days_abroad, individual_support):
    breakdown = grant(days_abroad)

    assert breakdown.total == individual_support + 309 + 350


def test_grant_exactly_fourteen_funded_days_has_no_line_for_the_lower_rate():
    labels = [label for label, _amount in amounts(grant(12))]

    assert "Individual support, from day 15" not in labels


def test_grant_long_stay_past_ninety_days_with_green_travel_and_inclusion():
    # 6 January to 15 April 2025: 26 + 28 + 31 + 15 = 100 days abroad.
    breakdown = compute_grant(
        start=datetime.date(2025, 1, 6),
        end=datetime.date(2025, 4, 15),
        country_code="ES",
        distance_km=UTRECHT_VALENCIA_KM,
        green=True,
        inclusion=True,
        costs=COSTS,
    )

    # 100 + 6 green travel days = 106 funded days: 14 x 80 = 1,120 and 92 x 56 = 5,152;
    # green travel 500-1,999 km €417; organisational €350; inclusion €100.
    # Total 1,120 + 5,152 + 417 + 350 + 100 = €7,139.
    assert breakdown.days_abroad == 100
    assert breakdown.funded_days == 106
    assert amounts(breakdown) == [
        ("Individual support, days 1 to 14", Decimal(1120)),
        ("Individual support, from day 15", Decimal(5152)),
        ("Travel support, green travel", Decimal(417)),
        ("Organisational support", Decimal(350)),
        ("Inclusion support", Decimal(100)),
    ]
    assert breakdown.total == Decimal(7139)


def test_grant_green_travel_funds_six_travel_days_and_the_green_rate():
    standard, green = grant(10), grant(10, green=True)

    # Standard: 12 x 80 = 960 + 309 + 350 = 1,619.
    # Green: 10 + 6 = 16 funded days: 14 x 80 + 2 x 56 = 1,232; + 417 + 350 = 1,999.
    assert standard.total == Decimal(1619)
    assert green.total == Decimal(1999)


@pytest.mark.parametrize(
    ("km", "standard", "green"),
    [
        (99, 28, 56),
        (100, 211, 285),
        (499, 211, 285),
        (500, 309, 417),
        (1999, 309, 417),
        (2000, 395, 535),
        (2999, 395, 535),
        (3000, 580, 785),
        (7999, 1188, 1188),  # no green rate from 4,000 km: the standard rate
        (8000, 1735, 1735),
    ],
)
def test_grant_travel_support_at_each_distance_band_edge(km, standard, green):
    assert travel(grant(10, km=km)).amount == Decimal(standard)
    assert travel(grant(10, km=km, green=True)).amount == Decimal(green)


def test_grant_lines_say_the_rule_and_the_table():
    line = travel(grant(10, km=4000, green=True))

    assert line.rule == (
        "4000 km one way: band 4000-7999 km, no green rate in this band: standard rate"
    )
    assert line.source == "funding table 2024 (example rates)"
    assert grant(10).table_source == "test rates"


def test_grant_below_the_first_band_has_no_travel_support():
    line = travel(grant(10, km=9))

    assert line.amount == Decimal(0)
    assert line.rule == "9 km: in no distance band, no travel support"


def test_grant_rejects_an_end_before_the_start():
    with pytest.raises(ValidationError, match="end date cannot be before the start date"):
        compute_grant(
            start=START,
            end=START - datetime.timedelta(days=1),
            country_code="ES",
            distance_km=100,
            green=False,
            inclusion=False,
            costs=COSTS,
        )


def test_grant_rejects_a_stay_shorter_than_the_minimum():
    with pytest.raises(ValidationError, match="9 days is shorter than the minimum of 10 days"):
        grant(9)


def test_grant_rejects_a_stay_longer_than_the_maximum():
    with pytest.raises(ValidationError, match="366 days is longer than the maximum of 365"):
        grant(366)


def test_grant_rejects_a_negative_distance():
    with pytest.raises(ValidationError, match="distance cannot be negative"):
        grant(10, km=-1)


def test_grant_rejects_a_country_outside_the_groups():
    with pytest.raises(ValidationError, match="US is in none of the Erasmus"):
        grant(10, country_code="US")


@pytest.mark.parametrize("region", ["RE", "GP", "MQ", "GF", "YT", "MF"])
def test_an_outermost_region_is_in_the_group_of_its_member_state(region):
    breakdown = grant(10, country_code=region)

    # France's group 2: 12 funded days x €80 = €960, as for Spain.
    assert breakdown.country_group == 2
    assert amounts(breakdown)[0] == ("Individual support, days 1 to 12", Decimal(960))


@pytest.mark.parametrize("island", ["CW", "AW", "SX", "BQ"])
def test_the_dutch_caribbean_is_in_the_group_the_table_sets(island):
    in_group_1 = dataclasses.replace(COSTS, dutch_caribbean_group=1)

    by_default = grant(10, country_code=island)
    set_to_1 = compute_grant(
        start=START, end=START + datetime.timedelta(days=9), country_code=island,
        distance_km=7800, green=False, inclusion=False, costs=in_group_1,
    )  # fmt: skip

    assert by_default.country_group == 2  # the Netherlands' group, until the school says
    assert set_to_1.country_group == 1
    assert amounts(set_to_1)[0] == ("Individual support, days 1 to 12", Decimal(1080))


def test_grant_rejects_a_group_without_a_day_rate_in_the_table():
    # Poland is in group 3, which this table has no rate for.
    with pytest.raises(ValidationError, match="no day rate for country group 3"):
        grant(10, country_code="PL")
