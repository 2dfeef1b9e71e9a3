"""The school's Erasmus+ totals per grant agreement, and its participant list for reporting.

Counted are the mobilities with a grant in the agreement. A mobility under way is planned:
its grant is committed. A completed one is realised, and so is one broken off abroad: the
Programme Guide counts the days actually spent abroad (force majeure aside), so it counts
until its actual return, and is shown apart for the coordinator to check its grant. A stay
cancelled before departure or not going after a no-go spends nothing: only counted.

Nothing new is stored: days come from the dates, travel days from the funding table of
the agreement's call year, amounts are the grants' totals (a total set by hand first).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.core.countries import country_name
from wegwijzer.core.spreadsheets import Value
from wegwijzer.funding.calculator import country_group
from wegwijzer.funding.models import (
    CountryGroup,
    FundingTable,
    GrantAgreement,
    MobilityGrant,
    UnitCosts,
)
from wegwijzer.mobilities.models import Funding, Mobility, Outcome

PLANNED = "planned"
REALISED = "realised"
NOT_TAKING_PLACE = "not_taking_place"

# How each outcome of a mobility counts in the totals.
COUNTED_AS = {
    Outcome.IN_PROGRESS: PLANNED,
    Outcome.COMPLETED: REALISED,
    Outcome.BROKEN_OFF: REALISED,
    Outcome.CANCELLED: NOT_TAKING_PLACE,
    Outcome.NOT_GOING: NOT_TAKING_PLACE,
}


@dataclass(frozen=True)
class Participant:
    """One mobility with a grant in the agreement, as the totals count it."""

    grant: MobilityGrant
    counted_as: str
    days_abroad: int
    travel_days: int
    distance_band: str
    country_group: int | None

    @property
    def mobility(self) -> Mobility:
        return self.grant.mobility

    @property
    def start(self) -> datetime.date:
        return self.mobility.first_day

    @property
    def end(self) -> datetime.date:
        return self.mobility.last_day

    @property
    def funded_days(self) -> int:
        return self.days_abroad + self.travel_days

    @property
    def total(self) -> Decimal:
        return self.grant.total

    @property
    def broken_off(self) -> bool:
        return self.mobility.outcome == Outcome.BROKEN_OFF


@dataclass
class Tally:
    """Participants, days and money of a set of mobilities."""

    participants: int = 0
    days_abroad: int = 0
    funded_days: int = 0
    amount: Decimal = Decimal("0.00")

    def add(self, participant: Participant) -> None:
        self.participants += 1
        self.days_abroad += participant.days_abroad
        self.funded_days += participant.funded_days
        self.amount += participant.total


@dataclass
class Line:
    """One row of a breakdown: a country group or a programme, planned and realised."""

    label: str
    planned: Tally = field(default_factory=Tally)
    realised: Tally = field(default_factory=Tally)


@dataclass(frozen=True)
class AgreementTotals:
    agreement: GrantAgreement
    # Planned and realised, in the order of the participant list; not those not going.
    participants: list[Participant]
    planned: Tally
    realised: Tally
    broken_off: Tally
    not_taking_place: int
    by_country_group: list[Line]
    by_programme: list[Line]
    # False when the call year has no funding table: days without travel days then.
    has_table: bool

    @property
    def committed(self) -> Decimal:
        return self.planned.amount

    @property
    def remaining(self) -> Decimal:
        return self.agreement.budget - self.planned.amount - self.realised.amount

    @property
    def over_budget(self) -> bool:
        return self.remaining < 0

    @property
    def overspent(self) -> Decimal:
        """How far the grants exceed the budget; shown instead of a negative remainder."""
        return max(-self.remaining, Decimal("0.00"))

    @property
    def broken_off_participants(self) -> list[Participant]:
        return [participant for participant in self.participants if participant.broken_off]


def totals_of(agreements: Sequence[GrantAgreement]) -> list[AgreementTotals]:
    """The totals of each agreement, in their order, in three queries whatever the numbers."""
    grants = (
        MobilityGrant.objects.filter(agreement__in=agreements, mobility__funding=Funding.ERASMUS)
        .select_related("mobility__student__programme")
        .order_by(
            "mobility__student__last_name",
            "mobility__student__first_name",
            "mobility__departure_date",
            "pk",
        )
    )
    tables = {
        table.call_year: table.unit_costs()
        for table in FundingTable.objects.filter(
            call_year__in={agreement.call_year for agreement in agreements}
        ).prefetch_related("day_rates", "travel_bands")
    }
    grants_of: dict[int, list[MobilityGrant]] = {agreement.pk: [] for agreement in agreements}
    for grant in grants:
        grants_of[grant.agreement_id].append(grant)
    return [
        tally(agreement, grants_of[agreement.pk], tables.get(agreement.call_year))
        for agreement in agreements
    ]


def totals_for(agreement: GrantAgreement) -> AgreementTotals:
    return totals_of([agreement])[0]


def tally(
    agreement: GrantAgreement, grants: list[MobilityGrant], costs: UnitCosts | None
) -> AgreementTotals:
    """The totals of the agreement's grants (each with its mobility, student, programme)."""
    everyone = [participant_of(grant, costs) for grant in grants]
    counted = [person for person in everyone if person.counted_as != NOT_TAKING_PLACE]
    planned, realised, broken_off = Tally(), Tally(), Tally()
    for person in counted:
        (planned if person.counted_as == PLANNED else realised).add(person)
        if person.broken_off:
            broken_off.add(person)
    return AgreementTotals(
        agreement=agreement,
        participants=counted,
        planned=planned,
        realised=realised,
        broken_off=broken_off,
        not_taking_place=len(everyone) - len(counted),
        by_country_group=_breakdown(counted, _country_group_key),
        by_programme=_breakdown(counted, _programme_key),
        has_table=costs is not None,
    )


def participant_of(grant: MobilityGrant, costs: UnitCosts | None) -> Participant:
    mobility = grant.mobility
    travel_days = 0
    band = None
    if costs is not None:
        travel_days = costs.travel_days(green=grant.green_travel)
        band = costs.band_for(grant.distance_km)
    return Participant(
        grant=grant,
        counted_as=COUNTED_AS[Outcome(mobility.outcome)],
        days_abroad=mobility.days_abroad,
        travel_days=travel_days,
        distance_band=band.name if band else "",
        country_group=country_group(str(mobility.destination_country), costs),
    )


# A breakdown's key: what sorts the lines, and the line's label.
Key = Callable[[Participant], tuple[tuple[int, str], str]]


def _country_group_key(participant: Participant) -> tuple[tuple[int, str], str]:
    group = participant.country_group
    if group is None:
        return (9, ""), _("In no country group")
    return (group, ""), str(CountryGroup(group).label)


def _programme_key(participant: Participant) -> tuple[tuple[int, str], str]:
    name = str(participant.mobility.student.programme)
    return (0, name.casefold()), name


def _breakdown(participants: list[Participant], key: Key) -> list[Line]:
    lines: dict[tuple[int, str], Line] = {}
    for participant in participants:
        order, label = key(participant)
        line = lines.setdefault(order, Line(label))
        (line.planned if participant.counted_as == PLANNED else line.realised).add(participant)
    return [lines[order] for order in sorted(lines)]


# The participant list, as the Erasmus+ reporting (the Beneficiary Module) asks for it.
# No date of birth, address or contact details: the report does not need them here.


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _sending_city() -> tuple[str, str]:
    """The school's city and country, from SCHOOL_CITY ("Name, country code")."""
    city, _sep, country = (part.strip() for part in settings.SCHOOL_CITY.partition(","))
    if not country:
        return city, ""
    return city, country_name(country) or country


def columns() -> list[tuple[str, Callable[[Participant], Value]]]:
    """(heading in the active language, value of a participant)."""
    sending_city, sending_country = _sending_city()
    return [
        (_("Participant"), lambda p: p.mobility.student.full_name),
        (_("Student number"), lambda p: p.mobility.student.student_number),
        (_("Programme"), lambda p: str(p.mobility.student.programme)),
        (_("Start"), lambda p: p.start),
        (_("End"), lambda p: p.end),
        (_("Days abroad"), lambda p: p.days_abroad),
        (_("Travel days"), lambda p: p.travel_days),
        (_("Funded days"), lambda p: p.funded_days),
        (_("Sending country"), lambda p: sending_country),
        (_("Sending city"), lambda p: sending_city),
        (_("Receiving country"), lambda p: country_name(p.mobility.destination_country)),
        (_("Receiving city"), lambda p: p.mobility.destination_city),
        (_("Country group"), lambda p: p.country_group),
        (_("Distance in km"), lambda p: p.grant.distance_km),
        (_("Distance band"), lambda p: p.distance_band),
        (_("Green travel"), lambda p: _yes_no(p.grant.green_travel)),
        (_("Fewer opportunities"), lambda p: _yes_no(p.grant.fewer_opportunities)),
        (_("Computed grant"), lambda p: p.grant.computed_total),
        (_("Grant set by hand"), lambda p: p.grant.override_total),
        (_("Grant"), lambda p: p.total),
        (_("Outcome"), lambda p: str(p.mobility.get_outcome_display())),
    ]


def participant_table(
    participants: Iterable[Participant],
) -> tuple[list[str], Iterator[list[Value]]]:
    """The headings, and each participant's values as they come (the exports stream)."""
    chosen = columns()
    values = ([value(participant) for _heading, value in chosen] for participant in participants)
    return [heading for heading, _value in chosen], values


# The outcomes whose stays are not on the participant list (COUNTED_AS says which).
NOT_LISTED = [outcome for outcome, counted in COUNTED_AS.items() if counted == NOT_TAKING_PLACE]

# Grants the exports read at a time: their memory, however many participants.
EXPORT_CHUNK = 1000


def listed_grants(agreement: GrantAgreement) -> QuerySet[MobilityGrant]:
    """The grants on the agreement's participant list, in its order (the totals' order)."""
    return (
        MobilityGrant.objects.filter(agreement=agreement, mobility__funding=Funding.ERASMUS)
        .exclude(mobility__outcome__in=NOT_LISTED)
        .select_related("mobility__student__programme")
        .order_by(
            "mobility__student__last_name",
            "mobility__student__first_name",
            "mobility__departure_date",
            "pk",
        )
    )


def participants_of(agreement: GrantAgreement) -> Iterator[Participant]:
    """The agreement's participant list, one participant at a time, read in chunks."""
    table = (
        FundingTable.objects.filter(call_year=agreement.call_year)
        .prefetch_related("day_rates", "travel_bands")
        .first()
    )
    costs = table.unit_costs() if table else None
    for grant in listed_grants(agreement).iterator(chunk_size=EXPORT_CHUNK):
        yield participant_of(grant, costs)


def export_filename(agreement: GrantAgreement, extension: str) -> str:
    """Named after the project, never after a person."""
    return f"erasmus-participants-{slugify(agreement.project_number) or 'project'}.{extension}"


# Translated when the audit trail is shown.
EXPORT_LABEL = gettext_noop("Erasmus+ participant list")


def record_export(agreement: GrantAgreement, *, by: User, shown_as: str) -> None:
    """Who downloaded the participant list (CSV or XLSX) of which agreement, and how many
    participants it held: one entry per file."""
    note = Phrase(
        gettext_noop("%(shown_as)s: %(project)s, participants listed: %(count)s"),
        shown_as=shown_as,
        project=agreement.project_number,
        count=listed_grants(agreement).count(),
    )
    record(by=by, action=Action.VIEW, obj=agreement, label=EXPORT_LABEL, note=note)
