"""Who is abroad, and a roll call's answers: read-only, one query each."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Greatest

from wegwijzer.care.models import Answer, RollCall, RollCallEntry
from wegwijzer.mobilities.models import Mobility, MobilityQuerySet


def abroad_on(day: datetime.date) -> MobilityQuerySet:
    """Everyone abroad on the day, as who-is-where counts them (Mobility.objects.abroad_on):
    a stay completed or broken off that day still counts, one whose last day has passed not."""
    return Mobility.objects.abroad_on(day)


def abroad_countries(day: datetime.date) -> list[tuple[str, int]]:
    """(country code, number of students) of the countries someone is in on the day."""
    rows = abroad_on(day).order_by().values("destination_country").annotate(total=Count("pk"))
    return sorted((str(row["destination_country"]), row["total"]) for row in rows)


@dataclass
class Status:
    safe: list[RollCallEntry] = field(default_factory=list)
    help: list[RollCallEntry] = field(default_factory=list)
    waiting: list[RollCallEntry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.safe) + len(self.help) + len(self.waiting)


def status_of(roll_call: RollCall) -> Status:
    """The entries grouped by answer, need-help first on the page; one query."""
    entries = (
        roll_call.entries.select_related("mobility__student__user", "recorded_by", "handled_by")
        .annotate(reminders=Greatest(Count("emails") - 1, 0))
        .order_by("mobility__student__last_name", "mobility__student__first_name", "pk")
    )
    status = Status()
    for entry in entries:
        if entry.answer == Answer.SAFE:
            status.safe.append(entry)
        elif entry.answer == Answer.HELP:
            status.help.append(entry)
        else:
            status.waiting.append(entry)
    return status


@dataclass
class AnswerCounts:
    safe: int = 0
    help: int = 0
    waiting: int = 0


def answer_counts(roll_calls: list[RollCall]) -> dict[int, AnswerCounts]:
    """Per roll call, how many answered what and how many not yet; one query."""
    rows = (
        RollCallEntry.objects.filter(roll_call__in=roll_calls)
        .order_by()
        .values("roll_call", "answer")
        .annotate(total=Count("pk"))
    )
    counts = {roll_call.pk: AnswerCounts() for roll_call in roll_calls}
    names = {Answer.SAFE.value: "safe", Answer.HELP.value: "help", "": "waiting"}
    for row in rows:
        setattr(counts[row["roll_call"]], names[row["answer"]], row["total"])
    return counts
