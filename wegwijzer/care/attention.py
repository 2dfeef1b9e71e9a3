"""What needs a coordinator's or supervisor's attention now, at the top of their home page:
calls for help not yet handled, roll calls with students who have not answered, open
incidents and follow-ups past their date. A supervisor sees only their own stays.

A bounded number of queries, however many stays, roll calls and incidents there are.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Model, QuerySet, Window

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.care.models import Incident, IncidentQuerySet, RollCallEntry
from wegwijzer.contacts.wellbeing import flagged
from wegwijzer.mobilities.models import Mobility, MobilityQuerySet, Outcome

HELP_SHOWN = 10
ROLL_CALLS_SHOWN = 5
INCIDENTS_SHOWN = 3
WELLBEING_SHOWN = 5


@dataclass
class NeedsAttention:
    help: list[RollCallEntry] = field(default_factory=list)
    help_count: int = 0
    # {"public_id", "started_at", "waiting"} per open roll call with someone not answering.
    roll_calls: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    incident_count: int = 0
    late_follow_ups: list[Incident] = field(default_factory=list)
    late_follow_up_count: int = 0
    is_coordinator: bool = False
    # Stays flagged by the contact log's wellbeing rule (contacts.wellbeing), coordinators only.
    wellbeing: list[Mobility] = field(default_factory=list)
    wellbeing_count: int = 0

    def __bool__(self) -> bool:
        return bool(
            self.help or self.roll_calls or self.incidents or self.late_follow_ups or self.wellbeing
        )


def needs_attention(user: User, today: datetime.date) -> NeedsAttention | None:
    """The panel's contents for a coordinator or supervisor; None when nothing needs them."""
    if user.role not in (Role.COORDINATOR, Role.SUPERVISOR):
        return None
    help_entries = (
        access.help_entries(user)
        .filter(handled_at=None)
        .select_related("roll_call", "mobility__student")
        .order_by("-answered_at", "-pk")
    )
    helps, help_count = _first_and_count(help_entries, HELP_SHOWN)
    roll_calls = list(
        RollCallEntry.objects.filter(
            roll_call__closed_at=None, answer="", mobility__in=access.visible_mobilities(user)
        )
        .values("roll_call__public_id", "roll_call__started_at")
        .annotate(waiting=Count("pk"))
        .order_by("-roll_call__started_at")[:ROLL_CALLS_SHOWN]
    )
    incidents = access.visible_incidents(user).filter(
        follow_up_done=False, mobility__outcome=Outcome.IN_PROGRESS
    )
    late = access.visible_incidents(user).open_follow_ups().filter(follow_up_on__lt=today)
    shown_incidents, incident_count = _first_and_count(
        _with_student(incidents).order_by("-occurred_on", "-pk"), INCIDENTS_SHOWN
    )
    shown_late, late_count = _first_and_count(
        _with_student(late).order_by("follow_up_on", "pk"), INCIDENTS_SHOWN
    )
    wellbeing, wellbeing_count = _first_and_count(_flagged_for(user), WELLBEING_SHOWN)
    panel = NeedsAttention(
        help=helps,
        help_count=help_count,
        roll_calls=[
            {
                "public_id": row["roll_call__public_id"],
                "started_at": row["roll_call__started_at"],
                "waiting": row["waiting"],
            }
            for row in roll_calls
        ],
        incidents=shown_incidents,
        incident_count=incident_count,
        late_follow_ups=shown_late,
        late_follow_up_count=late_count,
        is_coordinator=user.role == Role.COORDINATOR,
        wellbeing=wellbeing,
        wellbeing_count=wellbeing_count,
    )
    return panel if panel else None


def _first_and_count[Row: Model](rows: QuerySet[Row], shown: int) -> tuple[list[Row], int]:
    """The first `shown` rows and how many there are, in one query: each row carries the
    count of them all (a window over the whole result, counted before the LIMIT), where a
    second query to count them cost as much to build as the list."""
    # Any: mypy's Django plugin knows the model's fields, not the annotation.
    first: list[Any] = list(rows.annotate(counted=Window(Count("pk")))[:shown])
    return first, first[0].counted if first else 0


def _flagged_for(user: User) -> MobilityQuerySet:
    """Stays in progress whose latest wellbeing score flags them (contacts.wellbeing), the
    lowest first: for coordinators."""
    if user.role != Role.COORDINATOR:
        return Mobility.objects.none()
    stays = flagged(access.visible_mobilities(user).in_progress()).select_related("student")
    return stays


def _with_student(incidents: IncidentQuerySet) -> IncidentQuerySet:
    return incidents.select_related("mobility__student")
