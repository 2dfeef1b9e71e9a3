"""The incidents panel of the mobility page."""

from dataclasses import dataclass

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.care.models import Incident
from wegwijzer.mobilities.models import Mobility


@dataclass
class IncidentsPanel:
    incidents: list[Incident]
    can_log: bool


def incidents_panel(user: User, mobility: Mobility) -> IncidentsPanel | None:
    """For whoever may see the mobility's incidents; None hides the panel."""
    if not access.can_see_incidents(user, mobility):
        return None
    return IncidentsPanel(
        incidents=list(mobility.incidents.select_related("reported_by")),
        can_log=access.can_log_incident(user, mobility),
    )
