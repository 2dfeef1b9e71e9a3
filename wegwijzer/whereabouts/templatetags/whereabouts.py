from django import template

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import Mobility

register = template.Library()


@register.filter
def may_download_card(user: User, mobility: Mobility) -> bool:
    """Whether the page offers the mobility's emergency card (access decides)."""
    return access.can_download_emergency_card(user, mobility)
