"""Who is where on a day: the students abroad and those about to leave, with how to reach
them and everyone around them.

The caller passes mobilities it got through the access gate (access.visible_mobilities),
so nothing here decides who may see what.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import batched, groupby

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.countries import country_name
from wegwijzer.mobilities.models import NEVER_WENT, Mobility, MobilityQuerySet, abroad
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
    # The mobility's destination_country as text, read once: each read of the field makes
    # a Country object, which cost an export more than writing the row's CSV line.
    country_code: str
    facts: CountryFacts
    emergency_contacts: list[EmergencyContact]

    @property
    def student(self) -> Student:
        return self.mobility.student

    @property
    def country_name(self) -> str:
        return country_name(self.country_code)

    @property
    def presence_label(self) -> str:
        return str(PRESENCE_LABELS[self.presence])


@dataclass
class CityGroup:
    city: str
    rows: list[Whereabouts]


@dataclass(frozen=True)
class CountryCount:
    """One country on the day: how many are abroad there and how many leave for it soon."""

    code: str
    name: str
    facts: CountryFacts
    abroad: int
    departing: int

    @property
    def count(self) -> int:
        return self.abroad + self.departing


def on_day(mobilities: MobilityQuerySet, day: datetime.date) -> QuerySet[Mobility]:
    """The mobilities abroad on the day or departing within DEPARTING_WITHIN after it.

    Abroad is the one rule of mobilities.models.abroad (the roll call asks the same).
    A student whose data was erased is left out: there is nobody left to reach.
    Each mobility is annotated with `presence`; nothing else is read (see with_details).
    """
    is_abroad = abroad(day)
    leaving = Q(departure_date__gt=day, departure_date__lte=day + DEPARTING_WITHIN)
    # "Abroad or leaving" in one WHERE, no subquery: each half comes from its index (the
    # stay's days, see AwayOn; the departure of mobility_dates) and only the day's stays
    # are read, where "id IN (abroad UNION departing)" read every stay returning after the
    # day and the day's abroad set three times.
    return (
        mobilities.filter(is_abroad | leaving)
        .exclude(outcome__in=NEVER_WENT)
        .exclude(student__in=Student.objects.erased())
        .annotate(presence=Case(When(is_abroad, then=Value(ABROAD)), default=Value(DEPARTING)))
    )


def countries_on(
    mobilities: MobilityQuerySet, day: datetime.date, *, country: str = "", colour: str = ""
) -> list[CountryCount]:
    """Each country someone is in or leaves for around the day, with its counts, narrowed
    to a country and a travel advice colour, by name. One aggregate and the countries'
    facts: two queries, however many stays."""
    found = on_day(mobilities, day)
    if country:
        found = found.filter(destination_country=country)
    # Grouped by country and presence: each stay's presence is worked out once (two
    # filtered counts worked it out twice, the day's range each time).
    # (presence is on_day's annotation, which the type checker does not see.)
    by_country = found.order_by().values("destination_country", "presence")  # type: ignore[misc]
    counts = by_country.annotate(stays=Count("pk"))
    counted: dict[str, dict[str, int]] = {}
    for row in counts:
        by_presence = counted.setdefault(str(row["destination_country"]), {})
        by_presence[row["presence"]] = row["stays"]
    facts = country_facts(set(counted))
    summaries = [
        CountryCount(
            code=code,
            name=country_name(code),
            facts=facts[code],
            abroad=by_presence.get(ABROAD, 0),
            departing=by_presence.get(DEPARTING, 0),
        )
        for code, by_presence in counted.items()
        if not colour or facts[code].colour_key == colour
    ]
    return sorted(summaries, key=lambda summary: summary.name)


# The columns a row shows (the page, the exports), and no others: a page of rows at 100k
# has a page of students, host companies and supervisors to build, not their every field
# (nor the student's medical notes and passport number, which a row never shows).
ROW_FIELDS = (
    "public_id", "student", "destination_country", "destination_city", "address_abroad",
    "departure_date", "return_date", "actual_return_date", "host_company", "supervisor",
    "student__first_name", "student__last_name", "student__student_number",
    "student__phone", "student__email", "student__health_insurer", "student__insurance_number",
    "host_company__name", "host_company__contact_name", "host_company__contact_phone",
    "host_company__contact_email",
    "supervisor__username", "supervisor__first_name", "supervisor__last_name",
    "supervisor__email",
)  # fmt: skip


def with_details(found: QuerySet[Mobility]) -> QuerySet[Mobility]:
    """What a row shows besides the people at home (rows_of reads those): the student, the
    host company and the supervisor, only their ROW_FIELDS (a field left out would cost a
    query per row: the pages' and exports' query counts are tested)."""
    return found.select_related("student", "host_company", "supervisor").only(*ROW_FIELDS)


# Within a country: by city, abroad before departing, and name.
IN_COUNTRY_ORDER = (
    Lower("destination_city"),
    Case(When(presence=ABROAD, then=Value(0)), default=Value(1)),
    Lower("student__last_name"),
    Lower("student__first_name"),
    "pk",
)


def in_country(
    mobilities: MobilityQuerySet, day: datetime.date, country: str
) -> QuerySet[Mobility]:
    """The students in (or leaving for) one country around the day, in the list's order."""
    found = on_day(mobilities, day).filter(destination_country=country)
    return with_details(found).order_by(*IN_COUNTRY_ORDER)


def in_countries(
    mobilities: MobilityQuerySet, day: datetime.date, countries: list[CountryCount]
) -> QuerySet[Mobility]:
    """The students in (or leaving for) the countries around the day, in the countries'
    order (by name, in the active language), then in the list's order within each."""
    rank = Case(
        *(When(destination_country=c.code, then=Value(i)) for i, c in enumerate(countries)),
        default=Value(len(countries)),
    )
    found = on_day(mobilities, day).filter(destination_country__in=[c.code for c in countries])
    return with_details(found).order_by(rank, *IN_COUNTRY_ORDER)


def rows_of(
    mobilities: Iterable[Mobility], facts: dict[str, CountryFacts], *, chunk_size: int
) -> Iterator[Whereabouts]:
    """Each mobility (from on_day, with_details) as a row, one at a time, with the people
    at home read for chunk_size mobilities at once: one query per page or per chunk.

    Not prefetch_related: its caches tie each student and their contacts in a reference
    cycle that only the garbage collector frees, so an export of thousands of rows would
    hold them all until it runs. Here a chunk is freed as soon as it is written.
    """
    for chunk in batched(mobilities, chunk_size):
        at_home = people_at_home([mobility.student_id for mobility in chunk])
        for mobility in chunk:
            code = str(mobility.destination_country)
            yield Whereabouts(
                mobility=mobility,
                presence=mobility.presence,  # type: ignore[attr-defined]
                country_code=code,
                facts=facts[code],
                emergency_contacts=at_home.get(mobility.student_id, []),
            )


def people_at_home(student_ids: list[int]) -> dict[int, list[EmergencyContact]]:
    """The emergency contacts of each of the students, in their usual order."""
    contacts: dict[int, list[EmergencyContact]] = {}
    for contact in EmergencyContact.objects.filter(student__in=student_ids):
        contacts.setdefault(contact.student_id, []).append(contact)
    return contacts


def by_city(rows: Iterable[Whereabouts]) -> list[CityGroup]:
    """The rows (already in order) grouped by city."""
    return [
        CityGroup(city=city_rows[0].mobility.destination_city, rows=city_rows)
        for city_rows in (
            list(in_city)
            for _city, in_city in groupby(
                rows, key=lambda row: row.mobility.destination_city.casefold()
            )
        )
    ]
