"""Who is abroad, and a roll call's answers: read-only, one query each."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
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


def entries_answering(roll_call: RollCall, answer: str) -> QuerySet[RollCallEntry]:
    """The roll call's entries with this answer ("" for no answer yet), by the student's
    name, each with the number of reminders sent; one query a page."""
    return (
        roll_call.entries.filter(answer=answer)
        .select_related("mobility__student__user", "recorded_by", "handled_by")
        .annotate(reminders=Greatest(Count("emails") - 1, 0))
        .order_by("mobility__student__last_name", "mobility__student__first_name", "pk")
    )


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
