from typing import Any

from django import template

from wegwijzer import access
from wegwijzer.budgets.figures import figures_for
from wegwijzer.budgets.models import BUDGET_ITEM, BudgetLine
from wegwijzer.mobilities.models import ChecklistItem, Mobility

register = template.Library()


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
    """On the checklist item "budget made", a link to the budget. Saving a budget with a
    cost and an income marks the item done, to be checked (budgets.services)."""
    if item.template_item.key != BUDGET_ITEM:
        return {}
    if not access.can_see_budget(context["request"].user, item.mobility):
        return {}
    return {"mobility": item.mobility, "title": context.get("title", "")}
