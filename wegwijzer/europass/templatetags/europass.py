from typing import Any

from django import template

from wegwijzer.mobilities.models import Mobility

register = template.Library()


@register.inclusion_tag("europass/_home_link.html")
def europass_links(journey: Mobility | None, others: list[Mobility]) -> dict[str, Any]:
    """For the student's home: a link to the Europass of each stay back home or completed.
    Reads the stays already loaded; queries nothing. A stay has a Europass once it is back
    home (Mobility.is_back_home, as europass.services.is_due says)."""
    stays = [journey, *others] if journey else list(others)
    return {"stays": [stay for stay in stays if stay.is_back_home]}
