"""Demo budgets for a few demo students: the demo login's (step 3, Erasmus+, covered even
before the grant is computed), one short of money (step 3, Cape Town, other funding) and
one of a student abroad (Valencia, Erasmus+). Each budget's checklist item, when still
open, waits for the supervisor's check. A mobility with a budget already is left as it is:
loading twice changes nothing.
"""

import random
from decimal import Decimal

from wegwijzer.accounts.models import User
from wegwijzer.budgets import services
from wegwijzer.budgets.models import Budget, Category, Frequency, Kind
from wegwijzer.mobilities.models import Mobility

ONCE, MONTHLY = Frequency.ONCE, Frequency.MONTHLY
COST, INCOME = Kind.COST, Kind.INCOME

# student number -> (kind, category, amount, frequency, note)
DEMO_BUDGETS: dict[str, list[tuple[str, str, str, str, str]]] = {
    # The demo login: Valencia, room and meals at the hotel.
    "540001": [
        (COST, Category.TRAVEL, "185.00", ONCE, "Vlucht Amsterdam-Valencia, heen en terug"),
        (COST, Category.INSURANCE, "95.00", ONCE, "Reisverzekering met werelddekking"),
        (COST, Category.LIVING, "300.00", MONTHLY, "Lunch en boodschappen"),
        (COST, Category.LOCAL_TRANSPORT, "40.00", MONTHLY, "Maandkaart EMT Valencia"),
        (COST, Category.OTHER_COST, "15.00", ONCE, "ISIC-kaart"),
        (INCOME, Category.STUDENT_FINANCE, "290.00", MONTHLY, "Volgens Mijn DUO"),
        (INCOME, Category.TRANSPORT_ALLOWANCE, "114.92", MONTHLY, "Bedrag 2024, nog aanvragen"),
        (INCOME, Category.SAVINGS, "400.00", ONCE, "Spaargeld bijbaan"),
        (INCOME, Category.HOST_ALLOWANCE, "150.00", MONTHLY, "Zakgeld; kamer en eten gratis"),
    ],
    # Cape Town: a long flight and a room to rent, other funding not arranged yet.
    "540013": [
        (COST, Category.TRAVEL, "950.00", ONCE, "Vlucht via Johannesburg"),
        (COST, Category.HOUSING, "420.00", MONTHLY, "Kamer in een gastgezin"),
        (COST, Category.INSURANCE, "160.00", ONCE, "Reis- en aanvullende zorgverzekering"),
        (COST, Category.VISA, "0.00", ONCE, "Visumvrij tot 90 dagen; daarna een visum nodig"),
        (COST, Category.LIVING, "280.00", MONTHLY, ""),
        (COST, Category.LOCAL_TRANSPORT, "60.00", MONTHLY, "MyCiTi-bus en soms een taxi"),
        (INCOME, Category.SAVINGS, "800.00", ONCE, ""),
        (INCOME, Category.STUDENT_FINANCE, "290.00", MONTHLY, ""),
        (INCOME, Category.OTHER_INCOME, "500.00", ONCE, "Fonds van de school, nog aangevraagd"),
    ],
    # Abroad in Valencia: a shared flat found by the student.
    "540014": [
        (COST, Category.TRAVEL, "210.00", ONCE, "Vlucht en bagage"),
        (COST, Category.HOUSING, "450.00", MONTHLY, "Gedeeld appartement in Ruzafa"),
        (COST, Category.INSURANCE, "95.00", ONCE, ""),
        (COST, Category.LIVING, "320.00", MONTHLY, ""),
        (COST, Category.LOCAL_TRANSPORT, "40.00", MONTHLY, ""),
        (INCOME, Category.STUDENT_FINANCE, "290.00", MONTHLY, ""),
        (INCOME, Category.TRANSPORT_ALLOWANCE, "114.92", MONTHLY, ""),
        (INCOME, Category.SAVINGS, "1800.00", ONCE, ""),
        (INCOME, Category.HOST_ALLOWANCE, "250.00", MONTHLY, "Stagevergoeding"),
    ],
}


def load(*, rng: random.Random, password: str) -> None:
    coordinator = User.objects.get(username="coordinator")
    for number, lines in DEMO_BUDGETS.items():
        mobility = (
            Mobility.objects.filter(student__student_number=number)
            .select_related("student")
            .order_by("pk")
            .first()
        )
        if mobility is None or Budget.objects.filter(mobility=mobility).exists():
            continue
        by = mobility.student.user or coordinator
        for kind, category, amount, frequency, note in lines:
            services.add_line(
                mobility, by=by, kind=kind, category=category, amount=Decimal(amount),
                frequency=frequency, note=note,
            )  # fmt: skip
        # As saving the budget form does: an open budget item waits for the school's check.
        services.submit_budget_item(mobility, by=by)
