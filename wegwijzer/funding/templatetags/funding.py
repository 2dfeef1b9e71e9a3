"""The funding app's parts of other pages. Each formats what its view made with
funding.panel: none of them queries."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("funding/_mobility_grant.html")
def mobility_grant(grant: dict[str, Any]) -> dict[str, Any]:
    """The mobility's Erasmus+ grant (funding.panel.mobility_grant)."""
    return grant


@register.inclusion_tag("funding/_student_payments.html")
def student_payments(payments: dict[str, Any]) -> dict[str, Any]:
    """What the student receives and when (funding.panel.student_payments)."""
    return payments


@register.inclusion_tag("funding/_payments_overdue.html")
def payments_overdue(overdue: dict[str, Any]) -> dict[str, Any]:
    """A pointer to the payments overdue (funding.panel.payments_overdue)."""
    return overdue
