"""The Europass card of the mobility page: in step 5 and after completion."""

from dataclasses import dataclass

from wegwijzer.accounts.models import User
from wegwijzer.europass import services
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.mobilities.models import Mobility


@dataclass
class EuropassPanel:
    europass: EuropassMobility | None
    can_edit: bool


def europass_panel(user: User, mobility: Mobility) -> EuropassPanel | None:
    """For whoever sees the stay, once it is back home; None hides the card."""
    if not services.is_due(mobility):
        return None
    europass = services.current(mobility)
    return EuropassPanel(europass=europass, can_edit=services.can_edit(user, mobility, europass))
