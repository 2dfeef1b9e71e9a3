"""What the funding app shows on other pages: the views call these and hand the result to
the template tags in templatetags/funding.py, which only format it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.funding import policy, services
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility


def mobility_grant(user: User, mobility: Mobility) -> dict[str, Any]:
    """The mobility's Erasmus+ grant line by line, recomputed from its facts as they are now,
    and the payments of the student's part of it."""
    if mobility.funding != Funding.ERASMUS or not access.can_see_grant(user, mobility):
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


def student_payments(user: User, mobility: Mobility | None) -> dict[str, Any]:
    """For the student: what they receive of the grant and when, not the school's breakdown."""
    if mobility is None or mobility.funding != Funding.ERASMUS:
        return {}
    if not access.can_see_student_payments(user, mobility):
        return {}
    grant = MobilityGrant.objects.filter(mobility=mobility).first()
    if grant is None:
        return {}
    return {"shown": True, "mobility": mobility, **_payments(grant)}


def payments_overdue(user: User) -> dict[str, Any]:
    """For the coordinator's home page: a pointer to the payments overdue, when there are."""
    if not access.can_manage_payments(user):
        return {}
    overdue = policy.overdue_count(timezone.localdate())
    return {"count": overdue.count, "more": overdue.more}


def _payments(grant: MobilityGrant) -> dict[str, Any]:
    return {
        "amount_lines": policy.amount_lines(grant),
        "plan": policy.plan_for(grant, list(grant.payments.all())),
        "today": timezone.localdate(),
    }
