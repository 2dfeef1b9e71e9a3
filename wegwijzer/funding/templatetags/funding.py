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
    if not access.can_see_grant(context["request"].user, mobility):
        return {}
    grant = MobilityGrant.objects.filter(mobility=mobility).select_related("agreement").first()
    if grant is None:
        return {}
    try:
        breakdown = services.breakdown_for(
            mobility,
            agreement=grant.agreement,
            green_travel=grant.green_travel,
            fewer_opportunities=grant.fewer_opportunities,
        )
    except ValidationError as error:
        return {"grant": grant, "problems": error.messages}
    return {"grant": grant, "breakdown": breakdown}
