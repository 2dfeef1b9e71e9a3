"""What the travel app shows on other pages: the views call these and hand the result to
the template tags in templatetags/travel.py, which only format it."""

from typing import Any

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import Mobility
from wegwijzer.travel import services


def travel_alerts(user: User) -> dict[str, Any]:
    """The travel alerts the user has not acknowledged yet (home page banner): the newest
    services.ALERTS_SHOWN, and whether there may be more."""
    alerts = list(services.open_alerts(user))
    return {"alerts": alerts, "bounded": len(alerts) == services.ALERTS_SHOWN}


def travel_warning(user: User, mobility: Mobility) -> dict[str, Any]:
    """A warning when an open mobility's country is at or above the school's threshold."""
    if not mobility.is_open:
        return {}
    code = str(mobility.destination_country)
    return {
        "mobility": mobility,
        "facts": services.facts_for([code]).get(code),
        "can_see": access.can_see_travel_advice(user),
    }
