"""What apps above mobilities plan from a stay's dates and outcome, told when they change.

Mobilities may not import those apps (dependencies point down), so an app that keeps
something planned from a stay (the contacts app: its contact moments) registers a function
here in its AppConfig.ready; the services call every registered function in the same
transaction, after the stay's new dates or outcome are saved.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wegwijzer.mobilities.models import Mobility

Hook = Callable[["Mobility"], object]
_when_dates_change: list[Hook] = []
_when_facts_change: list[Hook] = []

# The fields whose change moves what is planned from a stay.
DATE_FIELDS = frozenset(
    {"departure_date", "return_date", "actual_departure_date", "actual_return_date", "outcome"}
)


def when_dates_change(hook: Hook) -> None:
    if hook not in _when_dates_change:
        _when_dates_change.append(hook)


def dates_changed(mobility: "Mobility", fields: object) -> None:
    """Call the registered hooks when one of `fields` is a date or the outcome."""
    if DATE_FIELDS & set(fields):  # type: ignore[call-overload]
        for hook in _when_dates_change:
            hook(mobility)


def when_facts_change(hook: Hook) -> None:
    """Register a hook called after any of a stay's facts changed (the agreements app: an
    agreement made from the old facts becomes outdated)."""
    if hook not in _when_facts_change:
        _when_facts_change.append(hook)


def facts_changed(mobility: "Mobility") -> None:
    for hook in _when_facts_change:
        hook(mobility)
