"""Acting on a whole cohort: invite the students without an account, send the invitation
again to those who never logged in, and send a message to the students or their guardians.

Each function takes the acting coordinator as `by`, runs in one transaction and leaves an
entry in the audit trail per student. What it cannot do for a student (no e-mail address,
an account already) it skips and says why; a second run does nothing twice.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import Role, User
from wegwijzer.accounts.services import AccountRefused, invite_user, resend_invitation
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.cohort.models import Audience, CohortMessage, CohortRecipient
from wegwijzer.notifications import rendering
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.services import send_written, site_url
from wegwijzer.students.models import Student, StudentQuerySet

# Why a student of the list gets no invitation.
SKIP_REASONS = {
    "erased": _("erased"),
    "account": _("has an account already"),
    "no_email": _("no e-mail address"),
    "email_taken": _("the e-mail address belongs to another account"),
    "shared_email": _("the same e-mail address as another student of the list"),
}


@dataclass
class InvitationPlan:
    invite: list[Student] = field(default_factory=list)
    skipped: list[tuple[Student, str]] = field(default_factory=list)

    def skipped_counts(self) -> dict[str, int]:
        """How many are skipped per reason, in the order of SKIP_REASONS."""
        counts = dict.fromkeys(SKIP_REASONS, 0)
        for _student, reason in self.skipped:
            counts[reason] += 1
        return {reason: count for reason, count in counts.items() if count}


def invitation_plan(students: QuerySet[Student]) -> InvitationPlan:
    """Who of the students gets an invitation, and who is skipped and why (one query)."""
    taken = User.objects.annotate(address=Lower("email")).filter(
        Q(username=Lower(OuterRef("email"))) | Q(address=Lower(OuterRef("email")))
    )
    plan = InvitationPlan()
    seen: set[str] = set()
    for student in students.annotate(email_taken=Exists(taken)).order_by(
        "last_name", "first_name", "pk"
    ):
        reason = _skip_reason(student, seen)
        if reason:
            plan.skipped.append((student, reason))
        else:
            plan.invite.append(student)
    return plan


def _skip_reason(student: Student, seen: set[str]) -> str:
    address = student.email.strip().lower()
    if student.erased_at is not None:
        return "erased"
    if student.user_id is not None:
        return "account"
    if not address:
        return "no_email"
    if student.email_taken:  # type: ignore[attr-defined]
        return "email_taken"
    if address in seen:
        return "shared_email"
    seen.add(address)
    return ""


@transaction.atomic
def invite_students(students: StudentQuerySet, *, by: User, link: dict[str, Any]) -> InvitationPlan:
    """Give each student of the list without an account one, and mail them the link to
    choose a password: one task per invitation, after the commit.

    The students are locked and planned again here, so a second post (a double click)
    finds them with an account and invites nobody twice. An invitation is in the new
    account's language, the school's. Returns what was done and skipped.
    """
    ids = list(students.values_list("pk", flat=True))
    plan = invitation_plan(Student.objects.select_for_update().filter(pk__in=ids))
    done = InvitationPlan(skipped=plan.skipped)
    for student in plan.invite:
        try:
            invite_user(
                by=by,
                first_name=student.first_name,
                last_name=student.last_name,
                email=student.email,
                role=Role.STUDENT,
                student=student,
                link={**link, "language": settings.LANGUAGE_CODE},
            )
        except (AccountRefused, IntegrityError):
            # Linked or taken by someone else at this very moment.
            done.skipped.append((student, "account"))
        else:
            done.invite.append(student)
    return done


def never_logged_in(students: StudentQuerySet) -> StudentQuerySet:
    """The students whose active account has never been used to log in."""
    return students.filter(user__is_active=True, user__last_login=None)


def resend_invitations(
    students: StudentQuerySet, *, by: User, link: dict[str, Any]
) -> tuple[int, int]:
    """Mail the link to choose a password again to each student who never logged in;
    (sent, refused): an account that has chosen a password already is refused."""
    sent = refused = 0
    for user in User.objects.filter(pk__in=never_logged_in(students).values("user")):
        try:
            with transaction.atomic():
                resend_invitation(user, by=by, link={**link, "language": user.language})
        except AccountRefused:
            refused += 1
        else:
            sent += 1
    return sent, refused


@dataclass(frozen=True)
class Address:
    """One e-mail of a cohort message: to whom, and the values of its placeholders."""

    student: Student
    email: str
    name: str
    user: User | None = None

    def values(self) -> dict[str, object]:
        student = self.student
        return {
            "first_name": self.name,
            "student": student.full_name,
            "programme": student.programme.name,
            "class": student.class_name,
            "link": site_url(""),
        }


@dataclass
class Recipients:
    addresses: list[Address] = field(default_factory=list)
    students: int = 0
    # The students no e-mail of this message can reach.
    unreachable: list[Student] = field(default_factory=list)

    @property
    def reached(self) -> int:
        return self.students - len(self.unreachable)


def recipients(students: StudentQuerySet, audience: str) -> Recipients:
    """Who a message to the students, or to their guardians, goes to (two queries)."""
    rows = (
        students.not_erased()
        .select_related("programme", "user")
        .order_by("last_name", "first_name", "pk")
    )
    if audience == Audience.GUARDIANS:
        rows = rows.prefetch_related("guardians")
    found = Recipients()
    for student in rows:
        found.students += 1
        addresses = _addresses(student, audience)
        if not addresses:
            found.unreachable.append(student)
        found.addresses.extend(addresses)
    return found


def _addresses(student: Student, audience: str) -> list[Address]:
    if audience == Audience.STUDENTS:
        user = student.user
        email = student.email or (user.email if user else "")
        return [Address(student, email, student.first_name, user)] if email else []
    addresses = {}
    for guardian in student.guardians.all():
        if guardian.email and guardian.email.lower() not in addresses:
            addresses[guardian.email.lower()] = Address(student, guardian.email, guardian.name)
    return list(addresses.values())


def filled(subject: str, body: str, address: Address) -> tuple[str, str]:
    """The subject (one line) and body as this recipient gets them."""
    values = address.values()
    return " ".join(rendering.fill(subject, values).split()), rendering.fill(body, values)


@transaction.atomic
def send_message(
    *,
    students: StudentQuerySet,
    by: User,
    audience: str,
    subject: str,
    body: str,
    language: str,
    token: uuid.UUID,
) -> CohortMessage | None:
    """Queue the message, filled in per recipient, in the outbox; None when the form with
    this token was sent already (a double click), and then nothing is sent again.

    The coordinator writes one text in one language; each student of the list gets an
    entry in their history, with or without an e-mail that reached them.
    """
    try:
        with transaction.atomic():
            message = CohortMessage.objects.create(
                subject=subject, body=body, audience=audience, language=language,
                sent_by=by, token=token,
            )  # fmt: skip
    except IntegrityError:
        return None
    found = recipients(students, audience)
    recorded: set[int] = set()
    for address in found.addresses:
        _send(message, address)
        if address.student.pk not in recorded:  # once per student, with two guardians too
            recorded.add(address.student.pk)
            _record(message, address.student, by=by, sent=True)
    for student in found.unreachable:
        CohortRecipient.objects.create(message=message, student=student)
        _record(message, student, by=by, sent=False)
    message.student_count = found.students
    message.email_count = len(found.addresses)
    message.save(update_fields=["student_count", "email_count"])
    return message


def _send(message: CohortMessage, address: Address) -> None:
    subject, body = filled(message.subject, message.body, address)
    recipient = CohortRecipient.objects.create(message=message, student=address.student)
    recipient.outbox = send_written(
        Kind.COHORT_MESSAGE,
        email=address.email,
        language=message.language,
        subject=subject,
        body=body,
        recipient=address.user,
        student=address.student,
        dedupe_key=f"cohort:{message.pk}:{recipient.pk}",
    )
    recipient.save(update_fields=["outbox"])


# What a student's history says of a cohort message: sent, or not for want of an address.
SENT = gettext_noop("Message “%(subject)s” sent to %(audience)s")
NOT_SENT = gettext_noop("Message “%(subject)s” not sent: no e-mail address of %(audience)s")


def _record(message: CohortMessage, student: Student, *, by: User | None, sent: bool) -> None:
    audience = Phrase.label(Audience(message.audience).label)
    note = Phrase(SENT if sent else NOT_SENT, subject=message.subject, audience=audience)
    record(by=by, action=Action.CREATE, obj=message, student=student, note=note)
