"""Who is where on a day: the students abroad and those about to leave, with how to reach
them and everyone around them.

The caller passes mobilities it got through the access gate (access.visible_mobilities),
so nothing here decides who may see what.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.countries import country_name
from wegwijzer.mobilities.models import NEVER_WENT, Mobility, MobilityQuerySet
from wegwijzer.students.models import EmergencyContact, Student
from wegwijzer.whereabouts.facts import CountryFacts, country_facts

# Who is about to leave: departing after the day and at most this long after it.
DEPARTING_WITHIN = datetime.timedelta(days=14)

ABROAD = "abroad"
DEPARTING = "departing"
PRESENCE_LABELS = {ABROAD: _("abroad"), DEPARTING: _("departing soon")}


@dataclass(frozen=True)
class Whereabouts:
    """One student on the list: their stay, whether they are abroad or about to leave, the
    facts of the country and the people at home."""

    mobility: Mobility
    presence: str
    facts: CountryFacts
    emergency_contacts: list[EmergencyContact]

    @property
    def student(self) -> Student:
        return self.mobility.student

    @property
    def country_code(self) -> str:
        return str(self.mobility.destination_country)

    @property
    def country_name(self) -> str:
        return country_name(self.mobility.destination_country)

    @property
    def presence_label(self) -> str:
        return str(PRESENCE_LABELS[self.presence])


@dataclass
class CityGroup:
    city: str
    rows: list[Whereabouts]


@dataclass
class CountryGroup:
    code: str
    name: str
    facts: CountryFacts
    cities: list[CityGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(city.rows) for city in self.cities)


def on_day(mobilities: MobilityQuerySet, day: datetime.date) -> QuerySet[Mobility]:
    """The mobilities abroad on the day or departing within DEPARTING_WITHIN after it.

    Abroad is the one rule of Mobility.objects.abroad_on (the roll call asks the same).
    A student whose data was erased is left out: there is nobody left to reach.
    Each mobility is annotated with `presence`; two queries (the people at home are the
    second), however many rows.
    """
    abroad = Q(pk__in=Mobility.objects.abroad_on(day).values("pk"))
    departing = Q(departure_date__gt=day, departure_date__lte=day + DEPARTING_WITHIN)
    return (
        mobilities.exclude(outcome__in=NEVER_WENT)
        .filter(student__erased_at=None)
        .filter(abroad | departing)
        .annotate(presence=Case(When(abroad, then=Value(ABROAD)), default=Value(DEPARTING)))
        .select_related("student", "host_company", "supervisor")
        .prefetch_related("student__emergency_contacts")
    )


def whereabouts(
    mobilities: MobilityQuerySet, day: datetime.date, *, country: str = "", colour: str = ""
) -> list[Whereabouts]:
    """The students abroad or departing around the day, narrowed to a country and a travel
    advice colour, by country name, city, abroad before departing, and name."""
    found = on_day(mobilities, day)
    if country:
        found = found.filter(destination_country=country)
    listed = list(found)
    facts = country_facts({str(mobility.destination_country) for mobility in listed})
    rows = [
        Whereabouts(
            mobility=mobility,
            presence=mobility.presence,  # type: ignore[attr-defined]
            facts=facts[str(mobility.destination_country)],
            emergency_contacts=list(mobility.student.emergency_contacts.all()),
        )
        for mobility in listed
    ]
    if colour:
        rows = [row for row in rows if row.facts.colour_key == colour]
    return sorted(rows, key=_order)


def _order(row: Whereabouts) -> tuple[str, str, bool, str, str]:
    return (
        row.country_name,
        row.mobility.destination_city.casefold(),
        row.presence != ABROAD,
        row.student.last_name.casefold(),
        row.student.first_name.casefold(),
    )


def by_country_and_city(rows: list[Whereabouts]) -> list[CountryGroup]:
    """The rows (already in order) grouped by country, then by city."""
    groups = []
    for code, in_country in groupby(rows, key=lambda row: row.country_code):
        country_rows = list(in_country)
        group = CountryGroup(
            code=code, name=country_rows[0].country_name, facts=country_rows[0].facts
        )
        for _city, in_city in groupby(
            country_rows, key=lambda row: row.mobility.destination_city.casefold()
        ):
            city_rows = list(in_city)
            group.cities.append(
                CityGroup(city=city_rows[0].mobility.destination_city, rows=city_rows)
            )
        groups.append(group)
    return groups


def destination_countries(mobilities: QuerySet[Mobility]) -> list[tuple[str, str]]:
    """(code, name) of every country a stay went or goes to, for the country filter."""
    codes = (
        mobilities.exclude(outcome__in=NEVER_WENT)
        .order_by()
        .values_list("destination_country", flat=True)
        .distinct()
    )
    return sorted(((str(code), country_name(code)) for code in codes), key=lambda pair: pair[1])
