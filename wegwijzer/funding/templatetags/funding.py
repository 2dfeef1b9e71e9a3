from typing import Any

from django import template
from django.core.exceptions import ValidationError

from wegwijzer import access
from wegwijzer.funding import services
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility

register = template.Library()


@register.inclusion_tag("funding/_mobility_grant.html", takes_context=True)
def mobility_grant(context: template.Context, mobility: Mobility) -> dict[str, Any]:
    """The mobility's Erasmus+ grant line by line, recomputed from its facts as they are now."""
    if mobility.funding != Funding.ERASMUS:
        return {}
    user = context["request"].user
    if not access.can_see_grant(user, mobility):
        return {}
    shown = {"mobility": mobility, "can_edit": access.can_manage_school(user), "shown": True}
    grant = MobilityGrant.objects.filter(mobility=mobility).select_related("agreement").first()
    if grant is None:
        return shown
    try:
        breakdown = services.breakdown_for(
            mobility,
            agreement=grant.agreement,
            green_travel=grant.green_travel,
            fewer_opportunities=grant.fewer_opportunities,
        )
    except ValidationError as error:
        return shown | {"grant": grant, "problems": error.messages}
    return shown | {"grant": grant, "breakdown": breakdown}
