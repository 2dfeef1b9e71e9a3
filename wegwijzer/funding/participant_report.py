"""The Erasmus+ participant report (EU Survey): recorded on the stay's grant by the
coordinator, one by one or imported as a list; the instalment after the return waits for it
(policy.record_paid). Recording it also settles the student's checklist item."""

import contextlib
import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record as audit
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.funding.policy import PARTICIPANT_REPORT
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Funding, Outcome
from wegwijzer.programmes.models import Step

# The most rows an imported list may have: the EU's export of one project and call.
MAX_ROWS = 2000


@transaction.atomic
def record(grant: MobilityGrant, *, by: User, on: datetime.date, note: str = "") -> MobilityGrant:
    """The student filled in the participant report on that day."""
    if not access.can_record_participant_report(by):
        raise ValidationError(_("Only a coordinator records the participant report."))
    stored = (
        MobilityGrant.objects.select_for_update()
        .select_related("mobility__student")
        .get(pk=grant.pk)
    )
    if stored.participant_report_on is not None:
        raise ValidationError(
            _("The participant report was already recorded (%(on)s).")
            % {"on": stored.participant_report_on}
        )
    stored.participant_report_on = on
    stored.save(update_fields=["participant_report_on"])
    mobility = stored.mobility
    audit(
        by=by, action=Action.CHANGE, obj=stored, mobility=mobility, student=mobility.student,
        changes={"participant_report_on": (None, on)},
        note=note or Phrase(gettext_noop("Erasmus+ participant report recorded")),
    )  # fmt: skip
    item = mobility.items.filter(template_item__key=PARTICIPANT_REPORT, applicable=True).first()
    if item is not None and not item.is_settled and mobility.is_open:
        mobility_services.complete_item(
            item, by=by, version=item.version, done_on=on,
            note=_("Recorded by the coordinator."),
        )  # fmt: skip
    return stored


# Importing a list


@dataclass
class Row:
    """One line of an imported list: what it said, and the grant it was matched to."""

    line: int
    identifier: str
    grant: MobilityGrant | None = None
    problem: str = ""


def identifiers(upload: bytes) -> list[tuple[int, str]]:
    """The student numbers or e-mail addresses of a CSV file, with their line numbers: the
    first cell of each line (a header line without one is skipped)."""
    try:
        text = upload.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not a CSV file in UTF-8.")) from error
    dialect: type[csv.Dialect] = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    rows = [
        (number, cells[0].strip())
        for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1)
        if cells and cells[0].strip()
    ]
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The list has more than %(max)s lines.") % {"max": MAX_ROWS})
    return rows


def returned_grants() -> "Q":
    """Grants of Erasmus+ stays back home or completed: those a report can be for."""
    return Q(mobility__funding=Funding.ERASMUS) & (
        Q(mobility__outcome=Outcome.COMPLETED)
        | Q(mobility__outcome=Outcome.IN_PROGRESS, mobility__step=Step.BACK_HOME)
    )


def match(lines: list[tuple[int, str]]) -> list[Row]:
    """Each line matched to the grant of the student's stay back home, by student number or
    e-mail address (of the student or their account); two queries whatever the length."""
    typed = {identifier for _line, identifier in lines}
    wanted = {identifier.lower() for identifier in typed}
    numbers = typed | wanted | {identifier.upper() for identifier in typed}
    grants = list(
        MobilityGrant.objects.filter(returned_grants())
        .filter(
            Q(mobility__student__student_number__in=numbers)
            | Q(mobility__student__email__in=wanted)
            | Q(mobility__student__user__email__in=wanted)
        )
        .select_related("mobility__student__user")
        .order_by("-mobility__departure_date", "pk")
    )
    found: dict[str, list[MobilityGrant]] = {}
    for grant in grants:
        student = grant.mobility.student
        keys = {student.student_number.lower(), student.email.lower()}
        if student.user:
            keys.add(student.user.email.lower())
        for key in keys - {""}:
            found.setdefault(key, []).append(grant)
    rows = []
    for line, identifier in lines:
        candidates = found.get(identifier.lower(), [])
        waiting = [grant for grant in candidates if grant.participant_report_on is None]
        if waiting:
            rows.append(Row(line, identifier, grant=waiting[0]))
        elif candidates:
            rows.append(Row(line, identifier, problem=_("already recorded")))
        else:
            rows.append(Row(line, identifier, problem=_("no stay back home with a grant")))
    return rows


@transaction.atomic
def apply(rows: list[Row], *, by: User, on: datetime.date) -> int:
    """Record the report for every matched line; how many were recorded."""
    done = set()
    for row in rows:
        if row.grant is None or row.grant.pk in done:
            continue
        record(
            row.grant, by=by, on=on,
            note=Phrase(gettext_noop("Erasmus+ participant report recorded from an imported list")),
        )  # fmt: skip
        done.add(row.grant.pk)
    return len(done)
