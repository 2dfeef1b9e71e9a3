from typing import Any

from django import template

from wegwijzer import access
from wegwijzer.budgets.models import BUDGET_ITEM
from wegwijzer.mobilities.models import ChecklistItem

register = template.Library()


@register.inclusion_tag("budgets/_budget_card.html")
def budget_card(card: dict[str, Any]) -> dict[str, Any]:
    """The budget in short that the view made (budgets.panel.budget_card), if any."""
    return card


@register.inclusion_tag("budgets/_item_link.html", takes_context=True)
def budget_item_link(context: template.Context, item: ChecklistItem) -> dict[str, Any]:
    """On the checklist item "budget made", a link to the budget. Saving a budget with a
    cost and an income marks the item done, to be checked (budgets.services)."""
    if item.template_item.key != BUDGET_ITEM:
        return {}
    if not access.can_see_budget(context["request"].user, item.mobility):
        return {}
    return {"mobility": item.mobility, "title": context.get("title", "")}
