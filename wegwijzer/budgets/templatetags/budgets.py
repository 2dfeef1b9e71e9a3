from typing import Any

from django import template

from wegwijzer import access
from wegwijzer.budgets.figures import figures_for
from wegwijzer.budgets.models import BudgetLine
from wegwijzer.mobilities.models import ChecklistItem, Mobility

register = template.Library()

# The checklist item of step 3 that the budget page is for (programmes/default_checklist.py).
BUDGET_ITEM = "preparation-budget"


@register.inclusion_tag("budgets/_budget_card.html", takes_context=True)
def budget_card(context: template.Context, mobility: Mobility | None) -> dict[str, Any]:
    """The budget in short, with a link to it, for those who may see it (access decides)."""
    user = context["request"].user
    if mobility is None or not access.can_see_budget(user, mobility):
        return {}
    lines = list(BudgetLine.objects.filter(budget__mobility=mobility))
    return {
        "shown": True,
        "mobility": mobility,
        "figures": figures_for(mobility, lines),
        "can_edit": access.can_edit_budget(user, mobility),
    }


@register.inclusion_tag("budgets/_item_link.html", takes_context=True)
def budget_item_link(context: template.Context, item: ChecklistItem) -> dict[str, Any]:
    """On the checklist item "budget made", a link to the budget. The item is not marked
    done by saving a budget: the student says when it is finished."""
    if item.template_item.key != BUDGET_ITEM:
        return {}
    if not access.can_see_budget(context["request"].user, item.mobility):
        return {}
    return {"mobility": item.mobility, "title": context.get("title", "")}
