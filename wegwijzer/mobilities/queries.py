"""Read-only questions about mobilities and their checklists, asked by lists and home pages.

Every function takes a queryset the caller already got through the access gates
(wegwijzer.access), so nothing here decides who may see what.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet

from wegwijzer.core.countries import country_name
from wegwijzer.mobilities.models import Mobility, MobilityQuerySet
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student


@dataclass(frozen=True)
class StepCount:
    step: Step
    count: int


def step_counts(mobilities: QuerySet[Mobility]) -> list[StepCount]:
    """How many of the mobilities are in each of the five steps, in one query."""
    rows = mobilities.order_by().values("step").annotate(total=Count("pk"))
    return _per_step((row["step"], row["total"]) for row in rows)


def _per_step(totals: Iterable[tuple[int, int]]) -> list[StepCount]:
    per_step: Counter[int] = Counter()
    for step, total in totals:
        per_step[step] += total
    return [StepCount(step=step, count=per_step[step.value]) for step in Step]


@dataclass(frozen=True)
class Overview:
    """The mobilities per step, the countries they go to, and how many there are."""

    steps: list[StepCount]
    countries: list[tuple[str, str]]
    total: int


def overview(mobilities: QuerySet[Mobility]) -> Overview:
    """step_counts, destination_countries and the count in one query (one GROUP BY step and
    country): a home page asks all three of the same stays, and each read every one.
    COUNT(*), not of the ids: the stays in progress are then counted from the index
    mobility_open_step_country alone (an index-only scan), without reading the table."""
    rows = list(
        mobilities.order_by().values_list("step", "destination_country").annotate(total=Count("*"))
    )
    return Overview(
        steps=_per_step((step, total) for step, _country, total in rows),
        countries=_by_name({country for _step, country, _total in rows}),
        total=sum(total for _step, _country, total in rows),
    )


def departing_between(
    mobilities: QuerySet[Mobility], first: datetime.date, last: datetime.date
) -> QuerySet[Mobility]:
    """The stays departing between the days, soonest first: slice it, a school group has
    hundreds in a few weeks (the index mobility_dates)."""
    return (
        mobilities.filter(departure_date__gte=first, departure_date__lte=last)
        .select_related("student")
        .order_by("departure_date", "pk")
    )


def _every_word(text: str, *fields: str) -> Q:
    """Each word of the text in one of the fields ("van dijk" finds Anna van Dijk)."""
    matched = Q()
    for word in text.split():
        one_field = Q()
        for field in fields:
            one_field |= Q(**{f"{field}__icontains": word})
        matched &= one_field
    return matched


def filter_mobilities(
    mobilities: MobilityQuerySet,
    *,
    search: str = "",
    programme: str = "",
    country: str = "",
    supervisor: str = "",
    school_year: int | None = None,
    step: int | None = None,
) -> QuerySet[Mobility]:
    """Narrow a list by the filters given; an empty filter leaves the list as it is. The
    programme and the supervisor are typed text: every word in their name (or the
    programme's qualification code, the supervisor's username)."""
    narrowed = mobilities
    if search.strip():
        narrowed = narrowed.filter(student__in=Student.objects.search(search))
    if programme.strip():
        narrowed = narrowed.filter(
            _every_word(
                programme, "student__programme__name", "student__programme__qualification_code"
            )
        )
    if country:
        narrowed = narrowed.filter(destination_country=country)
    if supervisor.strip():
        narrowed = narrowed.filter(
            _every_word(
                supervisor,
                "supervisor__first_name",
                "supervisor__last_name",
                "supervisor__username",
            )
        )
    if school_year is not None:
        narrowed = narrowed.in_school_year(school_year)
    if step is not None:
        narrowed = narrowed.filter(step=step)
    return narrowed


# What the filters can offer: only what occurs among the mobilities.


def school_years(mobilities: QuerySet[Mobility]) -> list[int]:
    """The first years of the school years (1 August to 31 July) from the mobilities' first
    departure to their last, newest first: two ends of an index, not every stay."""
    span = mobilities.order_by().aggregate(first=Min("departure_date"), last=Max("departure_date"))
    if span["first"] is None:
        return []
    first, last = (day.year - (day.month < 8) for day in (span["first"], span["last"]))
    return list(range(last, first - 1, -1))


def destination_countries(mobilities: QuerySet[Mobility]) -> list[tuple[str, str]]:
    """(code, name in the active language) of the destination countries, by name."""
    codes = mobilities.order_by().values_list("destination_country", flat=True).distinct()
    return _by_name(codes)


def _by_name(codes: Iterable[str]) -> list[tuple[str, str]]:
    return sorted(((str(code), country_name(code)) for code in codes), key=lambda pair: pair[1])
