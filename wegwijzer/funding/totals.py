"""The school's Erasmus+ totals per grant agreement, and its participant list for reporting.

Counted are the mobilities with a grant in the agreement. A mobility under way is planned:
its grant is committed. A completed one is realised, and so is one broken off abroad: the
Programme Guide counts the days actually spent abroad (force majeure aside), so it counts
until its actual return, and is shown apart for the coordinator to check its grant. A stay
cancelled before departure or not going after a no-go spends nothing: only counted.

Days come from the dates, travel days from the funding table of the agreement's call year
(at reading time), amounts are the grants' totals (a total set by hand first).

The database adds them up (GROUP BY outcome, country and programme) into tallies stored
per agreement (funding.tallies: refreshed after every change that alters them), so a page
reads a few stored rows per agreement, not its grants; an agreement whose tallies are
marked stale is added up from its stays as it was before. Only the participant list reads
its grants, one page at a time. tests/funding/reference_totals.py keeps the tally in Python
that this replaced, and a test holds that both give the same figures to the cent.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce
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
    AgreementTally,
    CountryGroup,
    FundingTable,
    GrantAgreement,
    MobilityGrant,
    TallyGrain,
    TallyStale,
    UnitCosts,
)
from wegwijzer.mobilities.models import Funding, Mobility, MobilityQuerySet, Outcome
from wegwijzer.programmes.models import programme_label

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
COUNTED = [outcome for outcome, kind in COUNTED_AS.items() if kind != NOT_TAKING_PLACE]


@dataclass(frozen=True)
class Participant:
    """One mobility with a grant in the agreement, as the totals count it."""

    grant: MobilityGrant
    counted_as: str
    days_abroad: int
    travel_days: int
    distance_band: str
    country_group: int | None
    # The call year's unit costs the figures come from (None without a funding table).
    costs: UnitCosts | None = field(default=None, repr=False, compare=False)

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

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.participants + other.participants,
            self.days_abroad + other.days_abroad,
            self.funded_days + other.funded_days,
            self.amount + other.amount,
        )


@dataclass
class Line:
    """One row of a breakdown: a country group or a programme, planned and realised."""

    label: str
    planned: Tally = field(default_factory=Tally)
    realised: Tally = field(default_factory=Tally)


class DaysBetween(Func):
    """The whole days from the second date to the first, as a number: PostgreSQL subtracts
    dates to days; SQLite by their Julian day numbers (not Django's date difference, which
    calls Python for each row)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


# What the database adds up per group of mobilities. The days abroad of a stay are its
# last day less its first day, plus one (Mobility.days_abroad): the sum of the differences
# here, the "plus one" per participant in _tally. Money sums wider than a single amount.
FIGURES = {
    "participants": Count("pk"),
    "days_between": Sum(DaysBetween("back_on", "left_on")),
    "green": Count("pk", filter=Q(grant__green_travel=True)),
    "amount": Sum(
        Coalesce("grant__override_total", "grant__computed_total"),
        output_field=DecimalField(max_digits=16, decimal_places=2),
    ),
}


def _groups(mobilities: MobilityQuerySet, *by: str) -> list[dict[str, Any]]:
    """One row per combination of the fields `by`, with the FIGURES of its mobilities."""
    return list(mobilities.values(*by).annotate(**FIGURES).order_by())


# The finest rows one agreement's page needs: per outcome, country and programme. Its
# totals, its breakdown by country group and the one by programme are their sums, so the
# stays are joined to the grants once instead of once per breakdown.
BY_COUNTRY = ("destination_country",)
BY_PROGRAMME = ("student__programme__name", "student__programme__level")
DETAIL = (*BY_COUNTRY, *BY_PROGRAMME)


def _summed(rows: Iterable[dict[str, Any]], *by: str) -> list[dict[str, Any]]:
    """The rows added up per outcome and the fields `by`: the FIGURES are sums and counts,
    so a coarser group's figures are the sums of its finer rows."""
    key_of = itemgetter("outcome", *by)
    kept = ("outcome", *by, *FIGURES)
    sums: dict[Any, dict[str, Any]] = {}
    for row in rows:
        if (total := sums.get(key := key_of(row))) is None:
            sums[key] = {name: row[name] for name in kept}
        else:
            for figure in FIGURES:
                total[figure] += row[figure]
    return list(sums.values())


def _tally(row: dict[str, Any], costs: UnitCosts | None) -> Tally:
    """The Tally of one group row; the travel days from the call year's table, if any."""
    participants, green = row["participants"], row["green"]
    days_abroad = row["days_between"] + participants
    travel_days = 0
    if costs is not None:
        travel_days = green * costs.travel_days(green=True) + (
            participants - green
        ) * costs.travel_days(green=False)
    return Tally(participants, days_abroad, days_abroad + travel_days, row["amount"])


@dataclass(frozen=True)
class AgreementTotals:
    agreement: GrantAgreement
    planned: Tally
    realised: Tally
    broken_off: Tally
    not_taking_place: int
    # None when the call year has no funding table: days without travel days then.
    costs: UnitCosts | None
    # Rows per outcome and more fields, by those fields (DETAIL, BY_COUNTRY), when the
    # totals were added up that finely (totals_for): the breakdowns then need no query.
    grouped: dict[tuple[str, ...], list[dict[str, Any]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # The stored tallies by programme of the counted outcomes, when the totals came from
    # stored tallies (totals_for): read when a breakdown by programme is asked for.
    stored_programmes: QuerySet[AgreementTally] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def has_table(self) -> bool:
        return self.costs is not None

    @property
    def counted(self) -> int:
        """The participants planned and realised: the participant list's length."""
        return self.planned.participants + self.realised.participants

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

    # The breakdowns and the list: a query each, run when a page asks for them.

    @cached_property
    def by_country_group(self) -> list[Line]:
        return _breakdown(
            self._counted_groups(*BY_COUNTRY),
            self.costs,
            lambda row: _group_key(country_group(row["destination_country"], self.costs)),
        )

    @cached_property
    def by_programme(self) -> list[Line]:
        if self.stored_programmes is not None:
            rows = _programme_rows(self.stored_programmes)
        else:
            rows = self._counted_groups(*BY_PROGRAMME)
        return _breakdown(rows, self.costs, _programme_key)

    def first_programme_lines(self, count: int) -> tuple[list[Line], int]:
        """The first `count` lines by programme, and how many lines there are. From stored
        tallies, the names and levels are read first and then the rows of the programmes
        shown only: a school group has hundreds of programmes, each a row per outcome.
        These are queries apart from the rows by country: a refresh committed in between
        shows in the lines by programme first (until the next request)."""
        if self.stored_programmes is None:
            return self.by_programme[:count], len(self.by_programme)
        pairs = self.stored_programmes.values_list(*STORED_PROGRAMME).distinct()
        key_of = {
            pair: _programme_key(dict(zip(BY_PROGRAMME, pair, strict=True))) for pair in pairs
        }
        orders = {order for order, _label in key_of.values()}
        shown = set(sorted(orders)[:count])
        names = {name for (name, _level), (order, _label) in key_of.items() if order in shown}
        rows = [
            row
            for row in _programme_rows(self.stored_programmes.filter(programme_name__in=names))
            if _programme_key(row)[0] in shown
        ]
        return _breakdown(rows, self.costs, _programme_key), len(orders)

    def _counted_groups(self, *by: str) -> list[dict[str, Any]]:
        """The FIGURES of the agreement's participants, per outcome and the fields `by`:
        from the rows grouped so, or added up from finer ones, or else a query."""
        if by in self.grouped:
            return [row for row in self.grouped[by] if row["outcome"] in COUNTED]
        if DETAIL in self.grouped:
            return _summed((row for row in self.grouped[DETAIL] if row["outcome"] in COUNTED), *by)
        return _groups(_mobilities([self.agreement]).filter(outcome__in=COUNTED), "outcome", *by)

    def participant_grants(self, *, broken_off_only: bool = False) -> QuerySet[MobilityGrant]:
        """The grants of the participant list (or only those broken off abroad), in its
        order: for a page of it."""
        return listed_grants(self.agreement, broken_off_only=broken_off_only)

    def participants_of(self, grants: Iterable[MobilityGrant]) -> list[Participant]:
        return [participant_of(grant, self.costs) for grant in grants]

    @cached_property
    def participants(self) -> list[Participant]:
        """Every participant planned and realised, in the list's order: for the export."""
        return self.participants_of(self.participant_grants().iterator(chunk_size=EXPORT_CHUNK))


def _mobilities(agreements: Sequence[GrantAgreement] | Sequence[int]) -> MobilityQuerySet:
    """The mobilities with a grant in the agreements, while still funded by Erasmus+ (a
    grant's row stays when the funding changes: paid instalments hang on it)."""
    return Mobility.objects.with_return().filter(
        grant__agreement__in=agreements, funding=Funding.ERASMUS
    )


def _unit_costs(call_years: set[int]) -> dict[int, UnitCosts]:
    """The unit costs of the funding tables of the call years, by year (one query for the
    tables, their rates and bands); a year without a table is missing."""
    return {
        table.call_year: table.unit_costs()
        for table in FundingTable.objects.filter(call_year__in=call_years).prefetch_related(
            "day_rates", "travel_bands"
        )
    }


def totals_of(
    agreements: Sequence[GrantAgreement], *, detailed: bool = False
) -> list[AgreementTotals]:
    """The totals of each agreement, in their order, in a handful of queries whatever the
    numbers: the funding tables (with their rates and bands), the agreements marked stale
    and their stored tallies (funding.tallies), per outcome or (`detailed`) per outcome
    and country and per outcome and programme, for both breakdowns to come from the same
    rows. An agreement marked stale is counted from its stays, as before the tallies."""
    tables = _unit_costs({agreement.call_year for agreement in agreements})
    rows_of: dict[int, dict[tuple[str, ...], list[dict[str, Any]]]] = {
        agreement.pk: {} for agreement in agreements
    }
    stale = set(
        TallyStale.objects.filter(agreement__in=agreements).values_list("agreement", flat=True)
    )
    if stored := [agreement for agreement in agreements if agreement.pk not in stale]:
        for agreement_id, by, row in _stored_rows(stored, detailed=detailed):
            rows_of[agreement_id].setdefault(by, []).append(row)
    if live := [agreement for agreement in agreements if agreement.pk in stale]:
        by = ("grant__agreement", "outcome", *(DETAIL if detailed else ()))
        for row in _groups(_mobilities(live), *by):
            rows_of[row["grant__agreement"]].setdefault(DETAIL if detailed else (), []).append(row)
    return [
        _totals(
            agreement,
            rows_of[agreement.pk],
            tables.get(agreement.call_year),
            detailed,
            stored_programmes=(
                AgreementTally.objects.filter(
                    agreement=agreement, by=TallyGrain.PROGRAMME, outcome__in=COUNTED
                )
                if detailed and agreement.pk not in stale
                else None
            ),
        )
        for agreement in agreements
    ]


# A stored tally's columns, named as the GROUP BY of the stays names them.
STORED_AS = {
    "destination_country": "destination_country",
    "programme_name": "student__programme__name",
    "programme_level": "student__programme__level",
}
STORED_PROGRAMME = ("programme_name", "programme_level")


def _programme_rows(tallies: QuerySet[AgreementTally]) -> list[dict[str, Any]]:
    """Stored tallies by programme as the rows of a GROUP BY of the stays by programme."""
    return [
        {STORED_AS.get(name, name): value for name, value in row.items()}
        for row in tallies.values("outcome", *STORED_PROGRAMME, *FIGURES)
    ]


def _stored_rows(
    agreements: Sequence[GrantAgreement], *, detailed: bool
) -> Iterator[tuple[int, tuple[str, ...], dict[str, Any]]]:
    """The agreements' stored tallies as (agreement, the fields they are by, row): per
    country when `detailed` (those by programme are read when shown: stored_programmes),
    else the country rows summed per outcome by the database (a few rows per agreement)."""
    tallies = AgreementTally.objects.filter(agreement__in=agreements)
    if not detailed:
        summed = (
            tallies.filter(by=TallyGrain.COUNTRY)
            .values("agreement", "outcome")
            .annotate(**{figure: Sum(figure) for figure in FIGURES})
            .order_by()
        )
        for summed_row in summed:
            row: dict[str, Any] = dict(summed_row)
            yield row.pop("agreement"), (), row
        return
    # The rows by programme are read when a page shows them (stored_programmes).
    for tally in tallies.filter(by=TallyGrain.COUNTRY).values(
        "agreement", "outcome", *BY_COUNTRY, *FIGURES
    ):
        stored: dict[str, Any] = dict(tally)
        yield stored.pop("agreement"), BY_COUNTRY, stored


def totals_for(agreement: GrantAgreement) -> AgreementTotals:
    """One agreement's totals, with both its breakdowns from the same query."""
    return totals_of([agreement], detailed=True)[0]


def _totals(
    agreement: GrantAgreement,
    rows: dict[tuple[str, ...], list[dict[str, Any]]],
    costs: UnitCosts | None,
    detailed: bool,
    *,
    stored_programmes: QuerySet[AgreementTally] | None = None,
) -> AgreementTotals:
    """An agreement's totals from its rows: per outcome (by ()), or when `detailed` per
    outcome and country and per outcome and programme (stored), or per outcome, country
    and programme at once (DETAIL, counted live), added up per country first."""
    grouped: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    if detailed:
        grouped = dict(rows)
        if DETAIL in grouped:
            grouped[BY_COUNTRY] = _summed(grouped[DETAIL], *BY_COUNTRY)
        else:
            grouped.setdefault(BY_COUNTRY, [])
    by_kind = {PLANNED: Tally(), REALISED: Tally(), NOT_TAKING_PLACE: Tally()}
    broken_off = Tally()
    for row in _summed(grouped[BY_COUNTRY] if detailed else rows.get((), [])):
        tally = _tally(row, costs)
        by_kind[COUNTED_AS[Outcome(row["outcome"])]] += tally
        if row["outcome"] == Outcome.BROKEN_OFF:
            broken_off += tally
    return AgreementTotals(
        agreement=agreement,
        planned=by_kind[PLANNED],
        realised=by_kind[REALISED],
        broken_off=broken_off,
        not_taking_place=by_kind[NOT_TAKING_PLACE].participants,
        costs=costs,
        grouped=grouped,
        stored_programmes=stored_programmes,
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
        costs=costs,
    )


# A breakdown's line: what sorts the lines, and the line's label.
LineKey = tuple[tuple[int, str], str]


def _group_key(group: int | None) -> LineKey:
    if group is None:
        return (9, ""), _("In no country group")
    return (group, ""), str(CountryGroup(group).label)


def _programme_key(row: dict[str, Any]) -> LineKey:
    """Programmes whose names differ only in case share a line, as they always have."""
    name = programme_label(row["student__programme__name"], row["student__programme__level"])
    return (0, name.casefold()), name


def _breakdown(
    rows: list[dict[str, Any]], costs: UnitCosts | None, key: Callable[[dict[str, Any]], LineKey]
) -> list[Line]:
    """Lines from rows per outcome and country or programme; several countries (or
    programmes of one name) may make one line."""
    lines: dict[tuple[int, str], Line] = {}
    for row in rows:
        order, label = key(row)
        line = lines.setdefault(order, Line(label))
        if COUNTED_AS[Outcome(row["outcome"])] == PLANNED:
            line.planned += _tally(row, costs)
        else:
            line.realised += _tally(row, costs)
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


# Grants the exports read at a time: their memory, however many participants.
EXPORT_CHUNK = 1000


def listed_grants(
    agreement: GrantAgreement, *, broken_off_only: bool = False
) -> QuerySet[MobilityGrant]:
    """The grants on the agreement's participant list (planned and realised; or only those
    broken off abroad), in its order: the totals page's list and the exports read this."""
    outcomes = [Outcome.BROKEN_OFF] if broken_off_only else COUNTED
    return (
        MobilityGrant.objects.filter(
            agreement=agreement, mobility__funding=Funding.ERASMUS, mobility__outcome__in=outcomes
        )
        .select_related("mobility__student__programme")
        .order_by(
            "mobility__student__last_name",
            "mobility__student__first_name",
            "mobility__departure_date",
            "pk",
        )
    )


def participants_of(
    agreement: GrantAgreement, grants: QuerySet[MobilityGrant] | None = None
) -> Iterator[Participant]:
    """The agreement's participant list (or those of its `grants`, listed_grants narrowed
    or with more joined), one participant at a time, read in chunks."""
    costs = _unit_costs({agreement.call_year}).get(agreement.call_year)
    grants = listed_grants(agreement) if grants is None else grants
    for grant in grants.iterator(chunk_size=EXPORT_CHUNK):
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
