"""The budget's figures: the months of the stay, each side per month and in total.

The months a student understands: the days of the stay (departure and return day both
counted, as for the Erasmus+ grant) divided by the days of an average month (365 / 12),
shown with one decimal. The figures use that rounded number, so a student can check each
one by hand: a 70-day stay is 2.3 months, and €450 a month is €1,035.00 over the stay.

- Total: the one-off amounts plus the monthly amounts times the months.
- Per month: the monthly amounts plus the one-off amounts spread over the months.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from wegwijzer.budgets.models import BudgetLine, Frequency, Kind
from wegwijzer.core.money import ZERO, cents
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.funding.policy import student_amount
from wegwijzer.mobilities.models import Funding, Mobility

DAYS_PER_MONTH = Decimal(365) / Decimal(12)
TENTH = Decimal("0.1")


def stay_days(start: datetime.date, end: datetime.date) -> int:
    return (end - start).days + 1


def stay_months(start: datetime.date, end: datetime.date) -> Decimal:
    """The stay in months with one decimal; at least 0.1, so that a short trip can be spread."""
    months = (Decimal(stay_days(start, end)) / DAYS_PER_MONTH).quantize(TENTH, ROUND_HALF_UP)
    return max(months, TENTH)


def erasmus_income(mobility: Mobility) -> Decimal | None:
    """What the student receives of the Erasmus+ grant under the school's grant policy;
    None while it is not computed."""
    grant = MobilityGrant.objects.filter(mobility=mobility).first()
    return student_amount(grant) if grant else None


@dataclass(frozen=True)
class Line:
    """A line as the budget shows it; the Erasmus+ grant's line has no BudgetLine."""

    label: str
    note: str
    amount: Decimal | None  # None: the Erasmus+ grant, not computed yet
    frequency: str
    over_stay: Decimal
    line: BudgetLine | None = None

    @property
    def is_monthly(self) -> bool:
        return self.frequency == Frequency.MONTHLY

    @property
    def frequency_label(self) -> str:
        return str(Frequency(self.frequency).label)


@dataclass(frozen=True)
class Side:
    """The costs or the income: their lines, per month and in total."""

    lines: list[Line]
    months: Decimal

    @property
    def once(self) -> Decimal:
        return sum((line.amount or ZERO for line in self.lines if not line.is_monthly), ZERO)

    @property
    def monthly(self) -> Decimal:
        return sum((line.amount or ZERO for line in self.lines if line.is_monthly), ZERO)

    @property
    def total(self) -> Decimal:
        return cents(self.once + self.monthly * self.months)

    @property
    def per_month(self) -> Decimal:
        return cents(self.monthly + self.once / self.months)


@dataclass(frozen=True)
class Figures:
    start: datetime.date
    end: datetime.date
    days: int
    months: Decimal
    costs: Side
    income: Side
    # Whether the mobility is funded by Erasmus+, and its grant is still to be computed.
    erasmus: bool
    erasmus_pending: bool

    @property
    def balance(self) -> Decimal:
        """Income minus costs over the stay: below zero is a shortfall."""
        return self.income.total - self.costs.total

    @property
    def shortfall(self) -> Decimal | None:
        """How much the costs exceed the income over the stay; None when they do not."""
        return -self.balance if self.balance < 0 else None

    @property
    def shortfall_per_month(self) -> Decimal | None:
        return cents(-self.balance / self.months) if self.balance < 0 else None

    @property
    def surplus(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def surplus_per_month(self) -> Decimal:
        return cents(self.surplus / self.months)

    @property
    def is_empty(self) -> bool:
        return not (self.costs.lines or any(line.line for line in self.income.lines))


def _line(line: BudgetLine, months: Decimal) -> Line:
    factor = months if line.frequency == Frequency.MONTHLY else 1
    return Line(
        label=line.get_category_display(),
        note=line.note,
        amount=line.amount,
        frequency=line.frequency,
        over_stay=cents(line.amount * factor),
        line=line,
    )


def figures_for(mobility: Mobility, lines: list[BudgetLine]) -> Figures:
    """The budget of the mobility from its lines (as fetched by the caller)."""
    start, end = mobility.first_day, mobility.last_day
    months = stay_months(start, end)
    costs = [_line(line, months) for line in lines if line.kind == Kind.COST]
    income = [_line(line, months) for line in lines if line.kind == Kind.INCOME]
    erasmus = mobility.funding == Funding.ERASMUS
    grant = erasmus_income(mobility) if erasmus else None
    if erasmus:
        income.insert(
            0,
            Line(
                label=str(_("Erasmus+ grant")),
                note=str(_("computed by the school")),
                amount=grant,
                frequency=Frequency.ONCE,
                over_stay=grant or ZERO,
            ),
        )
    return Figures(
        start=start,
        end=end,
        days=stay_days(start, end),
        months=months,
        costs=Side(costs, months),
        income=Side(income, months),
        erasmus=erasmus,
        erasmus_pending=erasmus and grant is None,
    )
