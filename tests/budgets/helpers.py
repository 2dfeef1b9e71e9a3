import datetime
from decimal import Decimal

from tests.factories import MobilityFactory
from wegwijzer.accounts.models import User
from wegwijzer.budgets import services
from wegwijzer.budgets.models import BudgetLine, Category, Frequency, Kind
from wegwijzer.funding.models import GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Mobility

DEPARTURE = datetime.date(2026, 3, 2)
# Both days counted: 2 March to 10 May is 70 days (10 weeks), to 19 July 140 (20 weeks).
TEN_WEEKS = datetime.date(2026, 5, 10)
TWENTY_WEEKS = datetime.date(2026, 7, 19)


def stay(*, back: datetime.date = TEN_WEEKS, **facts: object) -> Mobility:
    return MobilityFactory.create(departure_date=DEPARTURE, return_date=back, **facts)


def line(
    mobility: Mobility,
    by: User,
    category: str,
    amount: str,
    frequency: str = Frequency.MONTHLY,
    note: str = "",
) -> BudgetLine:
    kind = Kind.COST if category in COSTS else Kind.INCOME
    return services.add_line(
        mobility, by=by, kind=kind, category=category, amount=Decimal(amount),
        frequency=frequency, note=note,
    )  # fmt: skip


COSTS = {
    Category.TRAVEL, Category.HOUSING, Category.INSURANCE, Category.VISA, Category.LIVING,
    Category.LOCAL_TRANSPORT, Category.OTHER_COST,
}  # fmt: skip


def hand_example(mobility: Mobility, by: User) -> None:
    """Costs: a €300 flight and €120 insurance once, €450 rent a month. Income: €500 savings
    once, €300 student finance a month."""
    line(mobility, by, Category.TRAVEL, "300.00", Frequency.ONCE, "Flight")
    line(mobility, by, Category.INSURANCE, "120.00", Frequency.ONCE)
    line(mobility, by, Category.HOUSING, "450.00", Frequency.MONTHLY, "Room")
    line(mobility, by, Category.SAVINGS, "500.00", Frequency.ONCE)
    line(mobility, by, Category.STUDENT_FINANCE, "300.00", Frequency.MONTHLY)


def grant(mobility: Mobility, total: str) -> MobilityGrant:
    agreement, _created = GrantAgreement.objects.get_or_create(
        project_number="2025-1-NL01-KA121-VET-000000001",
        defaults={
            "name": "Accreditatie",
            "call_year": 2025,
            "start": datetime.date(2025, 6, 1),
            "end": datetime.date(2027, 8, 31),
            "budget": Decimal(100000),
        },
    )
    return MobilityGrant.objects.create(
        mobility=mobility, agreement=agreement, distance_km=1466, computed_total=Decimal(total)
    )
