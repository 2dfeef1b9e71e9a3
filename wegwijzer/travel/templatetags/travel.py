from typing import Any

from django import template

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
def travel_alerts(context: template.Context, banner: dict[str, Any]) -> dict[str, Any]:
    """The banner of the alerts the view read (travel.panel.travel_alerts), which says
    whether there may be more than it shows."""
    return {**banner, "request": context["request"]}


@register.inclusion_tag("travel/_mobility_warning.html")
def mobility_travel_warning(warning: dict[str, Any]) -> dict[str, Any]:
    """The warning the view made (travel.panel.travel_warning), if any."""
    return warning
