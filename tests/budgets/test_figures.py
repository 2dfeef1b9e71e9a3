"""The months of a stay and the budget's sums, checked by hand."""

import datetime
from decimal import Decimal

import pytest

from tests.budgets.helpers import (
    DEPARTURE,
    TEN_WEEKS,
    TWENTY_WEEKS,
    grant,
    hand_example,
    line,
    stay,
)
from wegwijzer.budgets.figures import figures_for, stay_days, stay_months
from wegwijzer.budgets.models import BudgetLine, Category, Frequency
from wegwijzer.mobilities.models import Funding, Mobility

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def figures(mobility: Mobility):
    return figures_for(mobility, list(BudgetLine.objects.filter(budget__mobility=mobility)))


@pytest.mark.parametrize(
    ("back", "days", "months"),
    [
        (TEN_WEEKS, 70, "2.3"),  # 70 / 30.4167 = 2.301
        (TWENTY_WEEKS, 140, "4.6"),  # 140 / 30.4167 = 4.603
        (datetime.date(2026, 3, 4), 3, "0.1"),  # 0.099, and never less than 0.1
        (datetime.date(2026, 3, 31), 30, "1.0"),  # 0.986
    ],
)
def test_stay_months_are_the_days_over_an_average_month_with_one_decimal(back, days, months):
    assert stay_days(DEPARTURE, back) == days
    assert stay_months(DEPARTURE, back) == Decimal(months)


def test_ten_week_stay_spreads_one_offs_and_counts_monthly_amounts(coordinator):
    mobility = stay(back=TEN_WEEKS)
    hand_example(mobility, coordinator)

    shown = figures(mobility)

    assert shown.months == Decimal("2.3")
    # Costs: 300 + 120 = 420 once, 450 a month. Total 420 + 450 x 2.3 = 1,455.00;
    # per month 450 + 420 / 2.3 = 632.61.
    assert shown.costs.total == Decimal("1455.00")
    assert shown.costs.per_month == Decimal("632.61")
    # Income: 500 once, 300 a month. Total 500 + 690 = 1,190.00; per month 300 + 217.39.
    assert shown.income.total == Decimal("1190.00")
    assert shown.income.per_month == Decimal("517.39")
    # Short 265.00 over the stay: 265 / 2.3 = 115.22 a month.
    assert shown.shortfall == Decimal("265.00")
    assert shown.shortfall_per_month == Decimal("115.22")
    rent = next(row for row in shown.costs.lines if row.label == "Housing")
    assert rent.over_stay == Decimal("1035.00")


def test_twenty_week_stay_counts_the_monthly_amounts_more_often(coordinator):
    mobility = stay(back=TWENTY_WEEKS)
    hand_example(mobility, coordinator)

    shown = figures(mobility)

    # 4.6 months. Costs 420 + 450 x 4.6 = 2,490.00; per month 450 + 91.30.
    assert shown.costs.total == Decimal("2490.00")
    assert shown.costs.per_month == Decimal("541.30")
    # Income 500 + 300 x 4.6 = 1,880.00; per month 300 + 108.70.
    assert shown.income.total == Decimal("1880.00")
    assert shown.income.per_month == Decimal("408.70")
    # Short 610.00; 610 / 4.6 = 132.61 a month.
    assert shown.shortfall == Decimal("610.00")
    assert shown.shortfall_per_month == Decimal("132.61")


def test_the_actual_return_shortens_the_stay(coordinator):
    mobility = stay(back=TWENTY_WEEKS, actual_return_date=TEN_WEEKS)

    assert figures(mobility).months == Decimal("2.3")


@pytest.mark.parametrize(
    ("income", "short"), [("1000.00", None), ("999.99", Decimal("0.01")), ("1000.01", None)]
)
def test_shortfall_exactly_when_the_costs_exceed_the_income(coordinator, income, short):
    mobility = stay()
    line(mobility, coordinator, Category.TRAVEL, "1000.00", Frequency.ONCE)
    line(mobility, coordinator, Category.SAVINGS, income, Frequency.ONCE)

    assert figures(mobility).shortfall == short


def test_erasmus_grant_is_a_one_off_income_line(coordinator):
    mobility = stay(funding=Funding.ERASMUS)
    grant(mobility, "1891.00")
    line(mobility, coordinator, Category.HOUSING, "450.00")

    shown = figures(mobility)

    first = shown.income.lines[0]
    assert (first.label, first.amount, first.frequency) == (
        "Erasmus+ grant",
        Decimal("1891.00"),
        Frequency.ONCE,
    )
    assert first.line is None
    assert shown.income.total == Decimal("1891.00")
    assert shown.income.per_month == Decimal("822.17")  # 1,891 / 2.3
    assert not shown.erasmus_pending


def test_a_grant_set_by_hand_is_the_income(coordinator):
    mobility = stay(funding=Funding.ERASMUS)
    computed = grant(mobility, "1891.00")
    computed.override_total = Decimal("1500.00")
    computed.save()

    assert figures(mobility).income.total == Decimal("1500.00")


def test_erasmus_grant_not_computed_yet_counts_as_nothing(coordinator):
    mobility = stay(funding=Funding.ERASMUS)

    shown = figures(mobility)

    assert shown.income.lines[0].amount is None
    assert shown.income.total == Decimal("0.00")
    assert shown.erasmus_pending


def test_no_erasmus_line_without_erasmus_funding(coordinator):
    mobility = stay(funding=Funding.OTHER)
    grant(mobility, "1891.00")  # left over from when it was Erasmus+

    shown = figures(mobility)

    assert shown.income.lines == []
    assert not shown.erasmus
