from typing import Any

from django import template

from wegwijzer import access
from wegwijzer.mobilities.models import Mobility
from wegwijzer.travel import services
from wegwijzer.travel.models import Colour

register = template.Library()


@register.inclusion_tag("travel/_colour.html")
def colour(value: int | None) -> dict[str, Any]:
    """A colour written out, with its swatch."""
    if not value:
        return {"colour": None}
    found = Colour(value)
    return {"colour": found, "name": found.name.lower(), "label": found.label}


@register.inclusion_tag("travel/_alert_banner.html", takes_context=True)
def travel_alerts(context: template.Context) -> dict[str, Any]:
    """The travel alerts the user has not acknowledged yet (home page banner)."""
    request = context["request"]
    alerts = services.open_alerts(request.user)
    bounded = len(alerts) == services.ALERTS_SHOWN
    return {"alerts": alerts, "bounded": bounded, "request": request}


@register.inclusion_tag("travel/_mobility_warning.html", takes_context=True)
def mobility_travel_warning(context: template.Context, mobility: Mobility) -> dict[str, Any]:
    """A warning when an open mobility's country is at or above the school's threshold."""
    if not mobility.is_open:
        return {}
    code = str(mobility.destination_country)
    return {
        "mobility": mobility,
        "facts": services.facts_for([code]).get(code),
        "can_see": access.can_see_travel_advice(context["request"].user),
    }
