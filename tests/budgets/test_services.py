"""Lines added, changed and removed: each audited with the mobility and the student;
bad input refused with nothing saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.budgets.helpers import line, stay
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.budgets import services
from wegwijzer.budgets.models import Budget, BudgetLine, Category, Frequency, Kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def entries():
    return AuditEntry.objects.filter(object_type="budgets.budgetline").order_by("pk")


def test_add_line_makes_the_budget_and_audits_the_line(student):
    mobility = stay(student=student.student)

    added = line(mobility, student, Category.HOUSING, "450.00", note="Room")

    assert Budget.objects.get(mobility=mobility).lines.get() == added
    entry = entries().get()
    assert (entry.action, entry.actor, entry.mobility, entry.student) == (
        Action.CREATE, student, mobility, mobility.student,
    )  # fmt: skip
    assert entry.object_label == "Budget line"
    assert entry.changes == {
        "kind": ["", "cost"],
        "category": ["", "housing"],
        "amount": ["", "450.00"],
        "frequency": ["", "monthly"],
        "note": ["", "Room"],
    }


def test_change_line_audits_before_and_after(coordinator):
    mobility = stay()
    rent = line(mobility, coordinator, Category.HOUSING, "450.00")

    services.change_line(rent, by=coordinator, amount=Decimal("500.00"), note="Bigger room")
    services.change_line(rent, by=coordinator, amount=Decimal("500.00"))  # no change

    rent.refresh_from_db()
    assert rent.amount == Decimal("500.00")
    change = entries().get(action=Action.CHANGE)
    assert change.changes == {"amount": ["450.00", "500.00"], "note": ["", "Bigger room"]}


def test_remove_line_audits_what_it_held(coordinator):
    mobility = stay()
    rent = line(mobility, coordinator, Category.HOUSING, "450.00")

    services.remove_line(rent, by=coordinator)

    assert not BudgetLine.objects.exists()
    removed = entries().get(action=Action.DELETE)
    assert removed.changes["amount"] == ["450.00", ""]
    assert removed.mobility == mobility


def test_negative_amount_is_refused_and_nothing_is_saved(coordinator):
    mobility = stay()

    with pytest.raises(ValidationError, match="An amount cannot be negative"):
        line(mobility, coordinator, Category.HOUSING, "-1.00")

    assert not Budget.objects.exists()
    assert not entries().exists()


def test_negative_change_is_refused_and_the_line_stays(coordinator):
    mobility = stay()
    rent = line(mobility, coordinator, Category.HOUSING, "450.00")

    with pytest.raises(ValidationError, match="An amount cannot be negative"):
        services.change_line(rent, by=coordinator, amount=Decimal("-450.00"))

    assert BudgetLine.objects.get().amount == Decimal("450.00")
    assert entries().count() == 1


def test_an_income_category_is_refused_as_a_cost(coordinator):
    mobility = stay()

    with pytest.raises(ValidationError):
        services.add_line(
            mobility, by=coordinator, kind=Kind.COST, category=Category.SAVINGS,
            amount=Decimal(10), frequency=Frequency.ONCE,
        )  # fmt: skip

    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    ("kind", "category", "amount"),
    [(Kind.COST, Category.HOUSING, "-5.00"), (Kind.COST, Category.SAVINGS, "5.00")],
)
def test_the_database_refuses_what_the_service_would(coordinator, kind, category, amount):
    budget = Budget.objects.create(mobility=stay())

    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(
            budget=budget, kind=kind, category=category, amount=Decimal(amount),
            frequency=Frequency.ONCE,
        )  # fmt: skip


def test_pdf_download_is_recorded(coordinator):
    mobility = stay()

    services.record_pdf_download(mobility, by=coordinator)

    entry = AuditEntry.objects.get(object_label="Student's budget")
    assert (entry.action, entry.note, entry.mobility, entry.student) == (
        Action.VIEW, "PDF", mobility, mobility.student,
    )  # fmt: skip
