import datetime
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wegwijzer.funding import demo
from wegwijzer.funding.models import FundingTable, GrantAgreement, TravelBand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def load_demo() -> None:
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret


def agreement() -> GrantAgreement:
    return GrantAgreement(
        name="Accreditatie 2024",
        project_number="2024-1-NL01-KA121-VET-000123456",
        call_year=2024,
        start=datetime.date(2024, 6, 1),
        end=datetime.date(2025, 8, 31),
        budget=Decimal(100000),
    )


def test_demo_table_has_the_2024_travel_bands_and_says_its_day_rates_are_examples():
    load_demo()
    load_demo()

    table = FundingTable.objects.get(call_year=2024)
    costs = table.unit_costs()
    assert table.is_example
    assert "VOORBEELDTARIEVEN" in table.source
    assert [(band.minimum_km, band.standard, band.green) for band in costs.travel_bands] == [
        (10, 28, 56),
        (100, 211, 285),
        (500, 309, 417),
        (2000, 395, 535),
        (3000, 580, 785),
        (4000, 1188, None),
        (8000, 1735, None),
    ]
    assert sorted(costs.day_rates) == [1, 2, 3]


def test_funding_table_for_a_call_year_without_a_table_is_refused():
    load_demo()

    assert FundingTable.for_call_year(2024).call_year == 2024
    assert FundingTable.for_call_year().call_year == max(
        FundingTable.objects.values_list("call_year", flat=True)
    )
    with pytest.raises(ValidationError, match="no funding table for the call year 2027"):
        FundingTable.for_call_year(2027)


def test_grant_agreement_covers_a_mobility_inside_its_period():
    agreement().check_covers(datetime.date(2024, 6, 1), datetime.date(2025, 8, 31))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2024, 5, 31), datetime.date(2024, 6, 30)),
        (datetime.date(2025, 8, 1), datetime.date(2025, 9, 1)),
    ],
)
def test_grant_agreement_refuses_a_mobility_outside_its_period(start, end):
    with pytest.raises(ValidationError, match="does not cover a mobility"):
        agreement().check_covers(start, end)


def test_grant_agreement_refuses_a_negative_budget_and_a_period_ending_before_it_starts():
    bad = agreement()
    bad.budget = Decimal(-1)
    bad.end = datetime.date(2024, 1, 1)

    with pytest.raises(ValidationError) as error:
        bad.full_clean()

    assert "budget" in error.value.message_dict
    assert error.value.message_dict["__all__"] == [
        "The project period cannot end before it starts."
    ]
    assert not GrantAgreement.objects.exists()


def test_travel_band_refuses_a_negative_amount_and_an_end_before_its_start():
    load_demo()
    band = TravelBand(
        table=FundingTable.objects.get(call_year=2024),
        minimum_km=500,
        maximum_km=100,
        standard=Decimal(-5),
    )

    with pytest.raises(ValidationError) as error:
        band.full_clean()

    assert "standard" in error.value.message_dict
    assert "A band cannot end before it starts." in error.value.messages
