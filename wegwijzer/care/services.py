"""Roll calls and incidents: every change goes through here, with one audit entry each."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.care.models import (
    Answer,
    AnsweredVia,
    Incident,
    Kind,
    RollCall,
    RollCallEmail,
    RollCallEntry,
    Severity,
)
from wegwijzer.care.queries import abroad_on
from wegwijzer.core.tasks import enqueue_on_commit
from wegwijzer.links.models import hash_token
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Mobility
from wegwijzer.notifications.kinds import Kind as MessageKind
from wegwijzer.notifications.services import notify
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
    enqueue_on_commit(SEND_EMAILS, roll_call_id=roll_call.pk, domain=domain, use_https=use_https)
    schedule_reminders(roll_call, domain=domain, use_https=use_https)
    return roll_call


# The tasks, named by path: tasks.py imports this module (core.tasks.enqueue_on_commit).
SEND_EMAILS = "wegwijzer.care.tasks.send_roll_call_emails"
REMIND = "wegwijzer.care.tasks.remind_roll_call"


def schedule_reminders(roll_call: RollCall, *, domain: str, use_https: bool) -> None:
    """Plan the next automatic reminder, the roll call's interval from now, after the commit."""
    if not roll_call.reminder_hours or not default_task_backend.supports_defer:
        return  # the immediate backend of the tests would run it on the spot, forever
    run_after = timezone.now() + datetime.timedelta(hours=roll_call.reminder_hours)
    enqueue_on_commit(
        REMIND, run_after=run_after, roll_call_id=roll_call.pk, domain=domain, use_https=use_https
    )


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
    # A new call for help is open again, even when an earlier one was handled.
    entry.handled_at = entry.handled_by = None
    entry.save()
    mobility = entry.mobility
    record(
        by=by, action=Action.CHANGE, obj=entry, label=roll_call_label(entry.roll_call),
        mobility=mobility, student=mobility.student,
        changes={"answer": (before, answer), "answered_via": ("", entry.answered_via)},
        actor_label="" if by else gettext_noop("the student, through the link in the roll call"),
    )  # fmt: skip
    if answer == Answer.HELP:
        _tell_help(entry, by=by)
    return entry


def active_coordinators() -> list[User]:
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True))


def _tell_help(entry: RollCallEntry, *, by: User | None) -> None:
    """Every active coordinator and the stay's supervisor, at once (a safety message), but
    not the staff member who took the answer on the phone: they know.

    Coordinators are sent to the roll call; a supervisor, who cannot open it, to their
    home page, where the call for help stays until someone marks it handled.
    """
    mobility, student = entry.mobility, entry.mobility.student
    coordinators = [user for user in active_coordinators() if user != by]
    supervisor = mobility.supervisor
    supervisors = [supervisor] if supervisor and supervisor != by else []
    supervisors = [user for user in supervisors if user.role != Role.COORDINATOR]

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {
                "student": student.first_name,
                "roll_call": str(entry.roll_call),
                "location": entry.location or "—",
                "city": mobility_services.destination_of(mobility),
                "phone": student.phone or "—",
                "message": entry.message or "—",
            }

    answered = entry.answered_at.strftime("%Y%m%d%H%M%S%f") if entry.answered_at else ""
    key = f"roll-call-help:{entry.pk}:{answered}"
    notify(
        MessageKind.ROLL_CALL_HELP, coordinators, values=values, mobility=mobility,
        path=reverse("care:roll-call", args=[entry.roll_call.public_id]), dedupe_key=key,
    )  # fmt: skip
    notify(
        MessageKind.ROLL_CALL_HELP, supervisors, values=values, mobility=mobility,
        path=reverse("home"), dedupe_key=key,
    )  # fmt: skip


@transaction.atomic
def mark_handled(entry: RollCallEntry, *, by: User) -> RollCallEntry:
    """Someone took care of a call for help: it leaves the home pages."""
    entry = (
        RollCallEntry.objects.select_for_update()
        .select_related("mobility__student")
        .get(pk=entry.pk)
    )
    if entry.answer != Answer.HELP or entry.handled_at is not None:
        raise ValidationError(_("This call for help is handled already."))
    entry.handled_at, entry.handled_by = timezone.now(), by
    entry.save(update_fields=["handled_at", "handled_by"])
    _record_handled(entry, by=by, changes={"handled_at": ("", _moment(entry.handled_at))})
    return entry


@transaction.atomic
def undo_handled(entry: RollCallEntry, *, by: User) -> RollCallEntry:
    """A coordinator puts a call for help back on the home pages (marked handled by mistake)."""
    if not access.can_undo_handled(by):
        raise PermissionDenied
    entry = (
        RollCallEntry.objects.select_for_update()
        .select_related("mobility__student")
        .get(pk=entry.pk)
    )
    if entry.answer != Answer.HELP or entry.handled_at is None:
        raise ValidationError(_("This call for help is not marked handled."))
    before = _moment(entry.handled_at)
    entry.handled_at = entry.handled_by = None
    entry.save(update_fields=["handled_at", "handled_by"])
    _record_handled(entry, by=by, changes={"handled_at": (before, "")})
    return entry


def _record_handled(entry: RollCallEntry, *, by: User, changes: dict[str, Any]) -> None:
    mobility = entry.mobility
    record(
        by=by, action=Action.CHANGE, obj=entry, label=roll_call_label(entry.roll_call),
        mobility=mobility, student=mobility.student, changes=changes,
    )  # fmt: skip


def _moment(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def roll_call_label(roll_call: RollCall) -> Phrase:
    """The roll call as the history names it, in its reader's language."""
    return Phrase(gettext_noop("Roll call of %(date)s"), date=roll_call.started_at)


def unanswered(roll_call: RollCall) -> list[RollCallEntry]:
    return list(roll_call.entries.filter(answer="").exclude(email=""))


@transaction.atomic
def send_reminders(roll_call: RollCall, *, by: User | None, domain: str, use_https: bool) -> int:
    """E-mail again everyone with an address who has not answered; returns how many."""
    _require_open(roll_call)
    waiting = unanswered(roll_call)
    if waiting:
        record(
            by=by, action=Action.CHANGE, obj=roll_call, label=roll_call_label(roll_call),
            changes={"reminders": ("", len(waiting))},
        )  # fmt: skip
        enqueue_on_commit(
            SEND_EMAILS,
            roll_call_id=roll_call.pk,
            domain=domain,
            use_https=use_https,
            reminder=True,
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
    break_off: bool = False,
    **facts: Any,
) -> Incident:
    """Log an incident; a serious one tells the coordinators and the stay's supervisor.

    With break_off the stay ends as well (mobilities.services.break_off), the incident's
    description being the reason; refused, nothing is logged.
    """
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
        _tell_serious(incident)
    return incident


def incident_label(incident: Incident) -> Phrase:
    """The incident as the history names it ("Accident (Serious)"), in its reader's language."""
    return Phrase(
        gettext_noop("%(kind)s (%(severity)s)"),
        kind=Kind(incident.kind).label, severity=Severity(incident.severity).label,
    )  # fmt: skip


@transaction.atomic
def update_incident(incident: Incident, *, by: User, changes: dict[str, Any]) -> Incident:
    """Change an incident; the trail keeps the values before and after. Raising the
    severity to serious or worse tells the coordinators as a new one would."""
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
        _tell_serious(incident)
    return incident


def _tell_serious(incident: Incident) -> None:
    """Every active coordinator and the stay's supervisor, at once (a safety message).

    The message names the student, the kind of incident and the destination and links to
    the stay; what happened (possibly medical or legal details) stays behind the login.
    Told once per incident, however often its severity goes up and down.
    """
    mobility = Mobility.objects.select_related("student", "supervisor").get(pk=incident.mobility_id)
    users = active_coordinators()
    if mobility.supervisor:
        users.append(mobility.supervisor)

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {
                "student": mobility.student.full_name,
                "destination": mobility_services.destination_of(mobility),
                "incident_kind": incident.get_kind_display(),
            }

    notify(
        MessageKind.SERIOUS_INCIDENT, users, values=values, mobility=mobility,
        path=reverse("mobilities:detail", args=[mobility.public_id]) + "#incidents-title",
        dedupe_key=f"serious-incident:{incident.pk}",
    )  # fmt: skip
