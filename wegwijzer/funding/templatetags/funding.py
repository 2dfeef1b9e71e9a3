from typing import Any

from django import template
from django.core.exceptions import ValidationError
from django.utils import timezone

from wegwijzer import access
from wegwijzer.funding import policy, services
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility

register = template.Library()


@register.inclusion_tag("funding/_mobility_grant.html", takes_context=True)
def mobility_grant(context: template.Context, mobility: Mobility) -> dict[str, Any]:
    """The mobility's Erasmus+ grant line by line, recomputed from its facts as they are now,
    and the payments of the student's part of it."""
    if mobility.funding != Funding.ERASMUS:
        return {}
    user = context["request"].user
    if not access.can_see_grant(user, mobility):
        return {}
    shown = {"mobility": mobility, "can_edit": access.can_manage_school(user), "shown": True}
    grant = MobilityGrant.objects.filter(mobility=mobility).select_related("agreement").first()
    if grant is None:
        return shown
    shown |= {
        "grant": grant,
        "can_pay": access.can_manage_payments(user),
        "can_record_report": access.can_record_participant_report(user),
        **_payments(grant),
    }
    try:
        breakdown = services.breakdown_for(
            mobility,
            agreement=grant.agreement,
            green_travel=grant.green_travel,
            fewer_opportunities=grant.fewer_opportunities,
        )
    except ValidationError as error:
        return shown | {"problems": error.messages}
    return shown | {"breakdown": breakdown}


@register.inclusion_tag("funding/_student_payments.html", takes_context=True)
def student_payments(context: template.Context, mobility: Mobility | None) -> dict[str, Any]:
    """For the student: what they receive of the grant and when, not the school's breakdown."""
    if mobility is None or mobility.funding != Funding.ERASMUS:
        return {}
    if not access.can_see_student_payments(context["request"].user, mobility):
        return {}
    grant = MobilityGrant.objects.filter(mobility=mobility).first()
    if grant is None:
        return {}
    return {"shown": True, "mobility": mobility, **_payments(grant)}


@register.inclusion_tag("funding/_payments_overdue.html", takes_context=True)
def payments_overdue(context: template.Context) -> dict[str, Any]:
    """For the coordinator's home page: a pointer to the payments overdue, when there are."""
    if not access.can_manage_payments(context["request"].user):
        return {}
    return {"count": policy.overdue_count(timezone.localdate())}


def _payments(grant: MobilityGrant) -> dict[str, Any]:
    return {
        "amount_lines": policy.amount_lines(grant),
        "plan": policy.plan_for(grant, list(grant.payments.all())),
        "today": timezone.localdate(),
    }
