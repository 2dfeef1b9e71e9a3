"""The life of a stay in one place: which moves are possible now, for whom, and why not.

A small explicit transition table rather than a state-machine library: the moves depend on
dates (the departure day, the return day) and on the checklist, which a table of guard
functions states plainly, and it needs no extra dependency. The services ask it before
they change anything (under the stay's row lock), the views and the buttons on the
mobility page ask it what to offer; none of them re-derives a rule.

    1 Orientation --advance--> 2 Decision --go--> 3 Preparation --depart--> 4 Abroad
        --advance (from the return day)--> 5 Back home --complete (from the return day)--> Completed
    2 --no-go--> Not going          1-3 (not departed) --cancel--> Cancelled
    4 --break off (departure..today)--> Broken off
    2-5 --move back--> one step back          closed --reopen (coordinator)--> open again
    4 --extend (coordinator or its supervisor)--> 4, with a later planned return
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import (
    ChecklistItem,
    DecisionChoice,
    Funding,
    ItemStatus,
    Mobility,
    Outcome,
)
from wegwijzer.programmes.models import Step

# How many days before the planned departure the actual departure may lie: a student
# may leave a few days early (a cheaper flight, settling in) without a change of plans.
EARLY_DEPARTURE_DAYS = 7


class Move(StrEnum):
    ADVANCE = "advance"
    DECIDE = "decide"
    DEPART = "depart"
    CANCEL = "cancel"
    BREAK_OFF = "break_off"
    COMPLETE = "complete"
    MOVE_BACK = "move_back"
    REOPEN = "reopen"
    EXTEND = "extend"


# A guard says why a move cannot happen now ("" when it can).
Guard = Callable[[Mobility, datetime.date], str]


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _needs_go(mobility: Mobility, today: datetime.date) -> str:
    if mobility.step == Step.DECISION and not has_go(mobility):
        return _("Record the go/no-go decision before moving on.")
    return ""


def _back_from_return_day(mobility: Mobility, today: datetime.date) -> str:
    if mobility.step == Step.ABROAD and today < mobility.last_day:
        return _("Back home is possible from %(date)s, the return day.") % {
            "date": _day(mobility.last_day)
        }
    return ""


def _from_departure_day(mobility: Mobility, today: datetime.date) -> str:
    if today < mobility.departure_date:
        return _("Departure is possible from %(date)s.") % {"date": _day(mobility.departure_date)}
    return ""


def _not_departed(mobility: Mobility, today: datetime.date) -> str:
    if mobility.actual_departure_date is not None:
        return _("The student has left already: break the stay off instead.")
    return ""


def _departed(mobility: Mobility, today: datetime.date) -> str:
    if today < mobility.first_day:
        return _("The stay cannot be broken off before the departure.")
    return ""


def _from_return_day(mobility: Mobility, today: datetime.date) -> str:
    if today < mobility.last_day:
        return _("Completing is possible from %(date)s, the return day.") % {
            "date": _day(mobility.last_day)
        }
    return ""


@dataclass(frozen=True)
class Transition:
    move: Move
    # The steps the move leaves from, and whether it is for open or for closed stays.
    steps: frozenset[int]
    closed: bool
    who: Callable[[User, Mobility], bool]
    guards: tuple[Guard, ...]
    # Said when the stay is in another step (an open stay) or state.
    elsewhere: Callable[[], str]
    # A move that ends or skips something is confirmed on a page of its own.
    confirmed: bool


ALL_STEPS = frozenset(Step.values)

TRANSITIONS: dict[Move, Transition] = {
    Move.ADVANCE: Transition(
        Move.ADVANCE, frozenset({Step.ORIENTATION, Step.DECISION, Step.ABROAD}), False,
        access.can_decide, (_needs_go, _back_from_return_day),
        lambda: _("In this step the stay moves on by its departure or its completion."), False,
    ),
    Move.DECIDE: Transition(
        Move.DECIDE, frozenset({Step.DECISION}), False, access.can_decide, (),
        lambda: _("The go/no-go is decided in step 2, Decision."), True,
    ),
    Move.DEPART: Transition(
        Move.DEPART, frozenset({Step.PREPARATION}), False, access.can_decide,
        (_from_departure_day,), lambda: _("Only a stay in step 3, Preparation, departs."), False,
    ),
    Move.CANCEL: Transition(
        Move.CANCEL, frozenset({Step.ORIENTATION, Step.DECISION, Step.PREPARATION}), False,
        access.can_decide, (_not_departed,),
        lambda: _("The student has left already: break the stay off instead."), True,
    ),
    Move.BREAK_OFF: Transition(
        Move.BREAK_OFF, frozenset({Step.ABROAD}), False, access.can_decide, (_departed,),
        lambda: _("Only a stay that is under way (step 4, Abroad) can be broken off."), True,
    ),
    Move.COMPLETE: Transition(
        Move.COMPLETE, frozenset({Step.BACK_HOME}), False, access.can_decide,
        (_from_return_day,), lambda: _("A stay is completed from step 5, Back home."), True,
    ),
    Move.MOVE_BACK: Transition(
        Move.MOVE_BACK, ALL_STEPS - {Step.ORIENTATION}, False, access.can_decide, (),
        lambda: _("This mobility is in the first step already."), False,
    ),
    Move.REOPEN: Transition(
        Move.REOPEN, ALL_STEPS, True, access.can_reopen, (),
        lambda: _("This stay is open; only a closed stay can be reopened."), True,
    ),
    Move.EXTEND: Transition(
        Move.EXTEND, frozenset({Step.ABROAD}), False, access.can_extend_stay, (),
        lambda: _("Only a stay that is under way (step 4, Abroad) can be extended."), True,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    """A move as one user may make it on one stay on one day: possible, or why not."""

    move: Move
    reason: str = ""

    @property
    def possible(self) -> bool:
        return not self.reason


def may(user: User, move: Move, mobility: Mobility) -> bool:
    """Whether the user is someone who makes this move (access.py's gate), in any state."""
    return TRANSITIONS[move].who(user, mobility)


def why_not(move: Move, mobility: Mobility, *, user: User, today: datetime.date) -> str:
    """Why the move cannot happen now for the user ("" when it can)."""
    transition = TRANSITIONS[move]
    if not transition.who(user, mobility):
        return _("You may not do this.")
    if mobility.is_open == transition.closed:
        if mobility.is_open:
            return transition.elsewhere()
        return _("This mobility is closed; it can only be read.")
    if mobility.step not in transition.steps:
        return transition.elsewhere()
    for guard in transition.guards:
        if reason := guard(mobility, today):
            return reason
    return ""


def offered(mobility: Mobility, *, user: User, today: datetime.date) -> dict[Move, Verdict]:
    """The moves to show on the mobility page: those the user makes in the stay's state and
    step, each possible now or with the reason it is not (a disabled button)."""
    found = {}
    for move, transition in TRANSITIONS.items():
        if not transition.who(user, mobility) or mobility.is_open == transition.closed:
            continue
        if mobility.step not in transition.steps:
            continue
        found[move] = Verdict(move, why_not(move, mobility, user=user, today=today))
    return found


def needs_confirmation(move: Move, mobility: Mobility) -> bool:
    """Moves that end something always; moving on while required items are open skips
    them, so it is confirmed too."""
    if TRANSITIONS[move].confirmed:
        return True
    return move in (Move.ADVANCE, Move.DEPART) and open_required_count(mobility) > 0


def has_go(mobility: Mobility) -> bool:
    latest = mobility.decisions.order_by("-created_at", "-pk").first()
    return latest is not None and latest.decision == DecisionChoice.GO


def open_required_items(mobility: Mobility, step: int) -> QuerySet[ChecklistItem]:
    """The items that keep a mobility in a step: applicable, required and not settled (an
    item waiting for the school's check is not)."""
    return ChecklistItem.objects.filter(
        mobility=mobility, step=step, applicable=True, required=True
    ).exclude(status__in=(ItemStatus.DONE, ItemStatus.WAIVED))


def open_required_count(mobility: Mobility) -> int:
    return open_required_items(mobility, mobility.step).count()


# The days a move records, each within the days it can truly have happened.


def _within(
    day: datetime.date,
    today: datetime.date,
    *,
    future: str,
    earliest: datetime.date | None = None,
    early: str = "",
) -> str:
    """What is wrong with a recorded day: after today, or before the earliest it can be."""
    if day > today:
        return future
    if earliest is not None and day < earliest:
        return early % {"date": _day(earliest)}
    return ""


def departure_day_error(mobility: Mobility, day: datetime.date, today: datetime.date) -> str:
    """The actual departure: from a week before the planned one up to today."""
    return _within(
        day, today,
        future=_("The actual departure cannot be in the future."),
        earliest=mobility.departure_date - datetime.timedelta(days=EARLY_DEPARTURE_DAYS),
        early=_("The actual departure cannot be before %(date)s, a week before the plan."),
    )  # fmt: skip


def return_day_error(mobility: Mobility, day: datetime.date, today: datetime.date) -> str:
    """The actual return of a completed stay: from the departure up to today."""
    return _within(
        day, today,
        future=_("The actual return cannot be in the future."),
        earliest=mobility.first_day,
        early=_("The actual return cannot be before the departure (%(date)s)."),
    )  # fmt: skip


def break_off_day_error(mobility: Mobility, day: datetime.date, today: datetime.date) -> str:
    """The day a stay is broken off: from the departure up to today."""
    return _within(
        day, today,
        future=_("The day the stay is broken off cannot be in the future."),
        earliest=mobility.first_day,
        early=_("The stay cannot be broken off before the departure (%(date)s)."),
    )  # fmt: skip


def cancel_day_error(mobility: Mobility, day: datetime.date, today: datetime.date) -> str:
    return _within(day, today, future=_("The day of the cancellation cannot be in the future."))


def decision_day_error(mobility: Mobility, day: datetime.date, today: datetime.date) -> str:
    return _within(day, today, future=_("The day of the decision cannot be in the future."))


def extension_day_error(mobility: Mobility, day: datetime.date, today: datetime.date) -> str:
    """The new planned return of an extended stay: later than the planned return now, not
    before the departure and not in the past."""
    if day <= mobility.return_date:
        return _("The new return must be later than the planned return (%(date)s).") % {
            "date": _day(mobility.return_date)
        }
    if day < mobility.first_day:
        return _("The new return cannot be before the departure (%(date)s).") % {
            "date": _day(mobility.first_day)
        }
    if day < today:
        return _("The new return cannot be in the past.")
    return ""


def reopened_step(mobility: Mobility) -> int:
    """A no-go returns to the decision (it needs a new one); the others stay where they were."""
    return Step.DECISION if mobility.outcome == Outcome.NOT_GOING else mobility.step


# What a move will do, said on its confirmation page.


def consequences(move: Move, mobility: Mobility) -> list[str]:
    said = _SAID.get(move, lambda m: [])(mobility)
    open_count = open_required_count(mobility) if mobility.is_open else 0
    if open_count and move in (Move.ADVANCE, Move.DEPART, Move.COMPLETE, Move.DECIDE):
        said.append(
            ngettext(
                "%(count)d required item of this step is still open.",
                "%(count)d required items of this step are still open.",
                open_count,
            )
            % {"count": open_count}
        )
    return said


def _erasmus(mobility: Mobility, text: str) -> list[str]:
    return [text] if mobility.funding == Funding.ERASMUS else []


def _advance_said(mobility: Mobility) -> list[str]:
    return [_("The stay moves on to step %(number)d, %(step)s.") % _next(mobility)]


def _next(mobility: Mobility) -> dict[str, object]:
    number = min(mobility.step + 1, Step.BACK_HOME)
    return {"number": number, "step": Step(number).label}


def _reopen_said(mobility: Mobility) -> list[str]:
    step = reopened_step(mobility)
    said = [_("The stay is open again, in step %(number)d, %(step)s.") % {
        "number": step, "step": Step(step).label,
    }]  # fmt: skip
    if mobility.outcome == Outcome.NOT_GOING:
        said.append(_("The no-go decision stays in the record; the stay needs a new decision."))
    if mobility.outcome in (Outcome.COMPLETED, Outcome.BROKEN_OFF):
        said.append(_("The actual return is cleared; the actual departure is kept."))
    said += _erasmus(mobility, _("The Erasmus+ grant counts as planned again, not as realised."))
    return said


_SAID: dict[Move, Callable[[Mobility], list[str]]] = {
    Move.ADVANCE: _advance_said,
    Move.DEPART: _advance_said,
    Move.DECIDE: lambda m: [
        _("A go moves the stay on to step 3, Preparation."),
        _("A no-go closes the stay as not going; it can only be reopened by a coordinator."),
    ],
    Move.CANCEL: lambda m: [
        _("The stay is closed as cancelled before departure."),
        *_erasmus(m, _("The Erasmus+ grant is then no longer counted as planned.")),
    ],
    Move.BREAK_OFF: lambda m: [
        _("The stay is closed as broken off; the day it is broken off becomes the actual return."),
        *_erasmus(m, _("The Erasmus+ grant follows the days abroad and counts as realised.")),
    ],
    Move.COMPLETE: lambda m: [
        _("The stay is closed as completed."),
        *_erasmus(m, _("The Erasmus+ grant then counts as realised.")),
    ],
    Move.REOPEN: _reopen_said,
    Move.EXTEND: lambda m: [
        _("The planned return moves to the new day; the stay stays in step 4, Abroad."),
        _("The checklist asks for a visa, insurance and permits that cover the new dates."),
        *_erasmus(m, _("The Erasmus+ grant is computed again for the longer stay.")),
    ],
}
