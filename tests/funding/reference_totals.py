"""The Erasmus+ totals as they were tallied in Python, grant by grant, before the database
added them up (funding/totals.py): kept as the reference the SQL totals must equal."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wegwijzer.funding.models import CountryGroup, FundingTable, GrantAgreement, MobilityGrant
from wegwijzer.funding.totals import (
    NOT_TAKING_PLACE,
    PLANNED,
    Line,
    Participant,
    Tally,
    participant_of,
)
from wegwijzer.mobilities.models import Funding


@dataclass(frozen=True)
class ReferenceTotals:
    participants: list[Participant]
    planned: Tally
    realised: Tally
    broken_off: Tally
    not_taking_place: int
    by_country_group: list[Line]
    by_programme: list[Line]


def reference_totals(agreement: GrantAgreement) -> ReferenceTotals:
    """Every grant of the agreement read, and tallied one by one."""
    grants = list(
        MobilityGrant.objects.filter(agreement=agreement, mobility__funding=Funding.ERASMUS)
        .select_related("mobility__student__programme")
        .order_by(
            "mobility__student__last_name",
            "mobility__student__first_name",
            "mobility__departure_date",
            "pk",
        )
    )
    table = FundingTable.objects.filter(call_year=agreement.call_year).first()
    costs = table.unit_costs() if table else None
    everyone = [participant_of(grant, costs) for grant in grants]
    counted = [person for person in everyone if person.counted_as != NOT_TAKING_PLACE]
    planned, realised, broken_off = Tally(), Tally(), Tally()
    for person in counted:
        (planned if person.counted_as == PLANNED else realised).add(person)
        if person.broken_off:
            broken_off.add(person)
    return ReferenceTotals(
        participants=counted,
        planned=planned,
        realised=realised,
        broken_off=broken_off,
        not_taking_place=len(everyone) - len(counted),
        by_country_group=_breakdown(counted, _country_group_key),
        by_programme=_breakdown(counted, _programme_key),
    )


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
