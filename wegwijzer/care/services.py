"""Roll calls and incidents: every change goes through here, with one audit entry each."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.care.models import (
    AnsweredVia,
    Incident,
    Kind,
    RollCall,
    RollCallEmail,
    RollCallEntry,
    Severity,
)
from wegwijzer.care.queries import abroad_on
from wegwijzer.links.models import hash_token
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Mobility
from wegwijzer.students.models import Student

# Roll calls


def email_of(student: Student) -> str:
    """Where a student's roll-call e-mail goes: their own address, else their account's."""
    if student.email:
        return student.email
    return student.user.email if student.user else ""


@transaction.atomic
def start_roll_call(
    *,
    by: User,
    countries: list[str],
    message: str,
    reminder_hours: int,
    domain: str,
    use_https: bool,
) -> RollCall:
    """Ask every student abroad today (in the countries, or everywhere) whether they are safe.

    The e-mails go out from the task worker, after the commit.
    """
    from wegwijzer.care import tasks

    roll_call = RollCall.objects.create(
        countries=sorted(countries), message=message, reminder_hours=reminder_hours,
        started_by=by,
    )  # fmt: skip
    mobilities = abroad_on(timezone.localdate()).select_related("student__user")
    if countries:
        mobilities = mobilities.filter(destination_country__in=countries)
    entries = [
        RollCallEntry(roll_call=roll_call, mobility=mobility, email=email_of(mobility.student))
        for mobility in mobilities
    ]
    if not entries:
        raise ValidationError(_("Nobody is abroad in the chosen countries today."))
    RollCallEntry.objects.bulk_create(entries)
    record(
        by=by, action=Action.CREATE, obj=roll_call, label=roll_call_label(roll_call),
        changes={
            **snapshot(roll_call, ["countries", "message", "reminder_hours"], created=True),
            "entries": ("", len(entries)),
        },
    )  # fmt: skip
    transaction.on_commit(
        lambda: tasks.send_roll_call_emails.enqueue(
            roll_call_id=roll_call.pk, domain=domain, use_https=use_https
        )
    )
    transaction.on_commit(
        lambda: tasks.schedule_reminders(roll_call, domain=domain, use_https=use_https)
    )
    return roll_call


def mark_sent(entry: RollCallEntry, *, token: str, reminder: bool) -> RollCallEmail:
    return RollCallEmail.objects.create(
        entry=entry, token_hash=hash_token(token), reminder=reminder
    )


def entry_for_token(token: str) -> RollCallEntry | None:
    """The entry a token opens, whether or not its roll call is still open."""
    email = (
        RollCallEmail.objects.select_related(
            "entry__roll_call", "entry__mobility__student", "entry__mobility__supervisor"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )
    return email.entry if email else None


def _require_open(roll_call: RollCall) -> None:
    if not roll_call.is_open:
        raise ValidationError(_("This roll call is closed."))


@transaction.atomic
def record_answer(
    entry: RollCallEntry,
    *,
    answer: str,
    message: str = "",
    location: str = "",
    by: User | None = None,
    ip: str | None = None,
) -> RollCallEntry:
    """The student's answer, by their link (by=None) or taken by staff on the phone (by=user).

    While the roll call is open a new answer replaces the last one: a student who was safe
    and later needs help must be able to say so. The trail keeps every answer.
    """
    entry = (
        RollCallEntry.objects.select_for_update()
        .select_related("roll_call", "mobility__student")
        .get(pk=entry.pk)
    )
    _require_open(entry.roll_call)
    before = entry.answer
    entry.answer, entry.message, entry.location = answer, message, location
    entry.answered_at = timezone.now()
    entry.answered_via = AnsweredVia.PHONE if by else AnsweredVia.LINK
    entry.recorded_by, entry.answered_ip = by, ip
    entry.save()
    mobility = entry.mobility
    record(
        by=by, action=Action.CHANGE, obj=entry, label=roll_call_label(entry.roll_call),
        mobility=mobility, student=mobility.student,
        changes={"answer": (before, answer), "answered_via": ("", entry.answered_via)},
        actor_label="" if by else gettext_noop("the student, through the link in the roll call"),
    )  # fmt: skip
    return entry


def roll_call_label(roll_call: RollCall) -> Phrase:
    """The roll call as the history names it, in its reader's language."""
    return Phrase(gettext_noop("Roll call of %(date)s"), date=roll_call.started_at)


def unanswered(roll_call: RollCall) -> list[RollCallEntry]:
    return list(roll_call.entries.filter(answer="").exclude(email=""))


@transaction.atomic
def send_reminders(roll_call: RollCall, *, by: User | None, domain: str, use_https: bool) -> int:
    """E-mail again everyone with an address who has not answered; returns how many."""
    from wegwijzer.care import tasks

    _require_open(roll_call)
    waiting = unanswered(roll_call)
    if waiting:
        record(
            by=by, action=Action.CHANGE, obj=roll_call, label=roll_call_label(roll_call),
            changes={"reminders": ("", len(waiting))},
        )  # fmt: skip
        transaction.on_commit(
            lambda: tasks.send_roll_call_emails.enqueue(
                roll_call_id=roll_call.pk, domain=domain, use_https=use_https, reminder=True
            )
        )
    return len(waiting)


@transaction.atomic
def close_roll_call(roll_call: RollCall, *, by: User) -> RollCall:
    _require_open(roll_call)
    roll_call.closed_at, roll_call.closed_by = timezone.now(), by
    roll_call.save(update_fields=["closed_at", "closed_by"])
    record(by=by, action=Action.CLOSE, obj=roll_call, label=roll_call_label(roll_call))
    return roll_call


# Incidents

INCIDENT_FIELDS = [
    "kind", "severity", "occurred_on", "description", "actions_taken", "follow_up_on",
    "follow_up_done",
]  # fmt: skip


@transaction.atomic
def log_incident(
    mobility: Mobility,
    *,
    by: User,
    domain: str,
    use_https: bool,
    break_off: bool = False,
    **facts: Any,
) -> Incident:
    """Log an incident; a serious one e-mails the coordinators after the commit.

    With break_off the stay ends as well (mobilities.services.break_off), the incident's
    description being the reason; refused, nothing is logged.
    """
    from wegwijzer.care import tasks

    incident = Incident.objects.create(mobility=mobility, reported_by=by, **facts)
    record(
        by=by, action=Action.CREATE, obj=incident, label=incident_label(incident),
        mobility=mobility, student=mobility.student,
        changes=snapshot(incident, INCIDENT_FIELDS, created=True),
    )  # fmt: skip
    if break_off:
        mobility_services.break_off(
            mobility, by=by, reason=incident.description, on=timezone.localdate()
        )
    if incident.is_notified:
        transaction.on_commit(
            lambda: tasks.notify_coordinators.enqueue(
                incident_id=incident.pk, domain=domain, use_https=use_https
            )
        )
    return incident


def incident_label(incident: Incident) -> Phrase:
    """The incident as the history names it ("Accident (Serious)"), in its reader's language."""
    return Phrase(
        gettext_noop("%(kind)s (%(severity)s)"),
        kind=Kind(incident.kind).label, severity=Severity(incident.severity).label,
    )  # fmt: skip


@transaction.atomic
def update_incident(
    incident: Incident, *, by: User, changes: dict[str, Any], domain: str, use_https: bool
) -> Incident:
    """Change an incident; the trail keeps the values before and after. Raising the
    severity to serious or worse notifies the coordinators as a new one would."""
    from wegwijzer.care import tasks

    changed = changed_fields(incident, changes)
    if not changed:
        return incident
    was_notified = incident.is_notified
    for name, (_before, after) in changed.items():
        setattr(incident, name, after)
    incident.save(update_fields=[*changed, "updated_at"])
    mobility = incident.mobility
    record(
        by=by, action=Action.CHANGE, obj=incident, label=incident_label(incident),
        mobility=mobility, student=mobility.student, changes=changed,
    )  # fmt: skip
    if incident.is_notified and not was_notified:
        transaction.on_commit(
            lambda: tasks.notify_coordinators.enqueue(
                incident_id=incident.pk, domain=domain, use_https=use_https
            )
        )
    return incident
