"""The student's budget (begroting) for one stay: expected costs against income.

Each line is an amount paid or received once (the flight) or every month (the rent). The
Erasmus+ grant is no line of its own: it is read from the mobility's grant each time the
budget is shown (figures.erasmus_income), so it never goes stale.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel

# The checklist item of step 3 that the budget is for (programmes/default_checklist.py).
BUDGET_ITEM = "preparation-budget"


class Kind(models.TextChoices):
    COST = "cost", _("cost")
    INCOME = "income", _("income")


class Category(models.TextChoices):
    # Costs
    TRAVEL = "travel", _("Travel")
    HOUSING = "housing", _("Housing")
    INSURANCE = "insurance", _("Insurance")
    VISA = "visa", _("Visa and permits")
    LIVING = "living", _("Living costs")
    LOCAL_TRANSPORT = "local_transport", _("Local transport")
    OTHER_COST = "other_cost", _("Other costs")
    # Income (the Erasmus+ grant is read from the mobility's grant, see figures.py)
    STUDENT_FINANCE = "student_finance", _("Student finance (DUO)")
    TRANSPORT_ALLOWANCE = "transport_allowance", _("Public-transport allowance abroad (DUO)")
    SAVINGS = "savings", _("Savings")
    HOST_ALLOWANCE = "host_allowance", _("Allowance from the host company")
    OTHER_INCOME = "other_income", _("Other income")


CATEGORIES: dict[str, list[Category]] = {
    Kind.COST: [
        Category.TRAVEL, Category.HOUSING, Category.INSURANCE, Category.VISA, Category.LIVING,
        Category.LOCAL_TRANSPORT, Category.OTHER_COST,
    ],
    Kind.INCOME: [
        Category.STUDENT_FINANCE, Category.TRANSPORT_ALLOWANCE, Category.SAVINGS,
        Category.HOST_ALLOWANCE, Category.OTHER_INCOME,
    ],
}  # fmt: skip


class Frequency(models.TextChoices):
    ONCE = "once", _("once")
    MONTHLY = "monthly", _("per month")


class Budget(PublicIdModel):
    """One budget per mobility; made when its first line is saved."""

    mobility = models.OneToOneField(
        "mobilities.Mobility", on_delete=models.CASCADE, related_name="budget"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return str(_("Budget of %(mobility)s") % {"mobility": self.mobility})


class BudgetLine(PublicIdModel):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("cost or income"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), message=_("An amount cannot be negative."))],
    )
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind=Kind.COST, category__in=CATEGORIES[Kind.COST])
                | Q(kind=Kind.INCOME, category__in=CATEGORIES[Kind.INCOME]),
                name="budget_line_category_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount} ({self.get_frequency_display()})"
