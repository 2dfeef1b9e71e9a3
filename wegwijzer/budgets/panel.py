"""The budget in short, for the mobility page and the student's home: the views call this
and hand the result to the budget_card tag (templatetags/budgets.py), which only formats it."""

from typing import Any

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.budgets.figures import figures_for
from wegwijzer.budgets.models import BudgetLine
from wegwijzer.mobilities.models import Mobility


def budget_card(user: User, mobility: Mobility | None) -> dict[str, Any]:
    """The budget in short, with a link to it, for those who may see it (access decides)."""
    if mobility is None or not access.can_see_budget(user, mobility):
        return {}
    lines = list(BudgetLine.objects.filter(budget__mobility=mobility))
    return {
        "shown": True,
        "mobility": mobility,
        "figures": figures_for(mobility, lines),
        "can_edit": access.can_edit_budget(user, mobility),
    }
