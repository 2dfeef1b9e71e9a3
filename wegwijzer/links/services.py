"""Sending, revoking and answering the signed links of guardians and host companies.

Each function runs in one transaction and leaves an entry in the mobility's history.
Someone answering through a link has no account: the name they give is the actor.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.core.tasks import enqueue_on_commit
from wegwijzer.hosts import services as host_services
from wegwijzer.links.models import (
    HOST_PURPOSES,
    ITEM_KEYS,
    LinkState,
    Purpose,
    SignedLink,
    expiry_for,
    hash_token,
)
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ChecklistItem, Mobility
from wegwijzer.notifications.kinds import Kind as MessageKind
from wegwijzer.notifications.services import notify
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Guardian, Student

ACTIVE = (LinkState.SENDING, LinkState.WAITING)


class LinkClosedError(Exception):
    """The link opens nothing (any more): expired, revoked, answered or no longer needed."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def purpose_label(purpose: str) -> str:
    """The purpose as its message id: the history shows it in the reader's language."""
    with translation.override(None):
        return str(Purpose(purpose).label)


# Looking a link up


def link_for_token(token: str) -> SignedLink | None:
    """The link a token opens, or None for a token that matches no link (made up or altered)."""
    links = SignedLink.objects.select_related(
        "mobility__student__programme", "mobility__host_company", "mobility__supervisor",
        "created_by", "host_company",
    )  # fmt: skip
    return links.filter(token_hash=hash_token(token)).first()


def item_of(link: SignedLink) -> ChecklistItem | None:
    """The checklist item the link settles: always one of the link's own mobility; None
    also for a link that settles no item (ITEM_KEYS)."""
    key = ITEM_KEYS[link.purpose]
    return link.mobility.items.filter(template_item__key=key).first() if key else None


def settles_item(purpose: str) -> bool:
    """Whether a link for this purpose settles a checklist item (the mid-term feedback not)."""
    return ITEM_KEYS[purpose] is not None


def open_state(link: SignedLink, item: ChecklistItem | None) -> str:
    """Why the link opens no form, or "" when it does.

    Beside its own life cycle a link closes when what it asks is no longer needed: the
    mobility ended, or the item was settled another way or no longer applies.
    """
    state = link.state()
    if state != LinkState.WAITING:
        return state
    if not link.mobility.is_open:
        return "not_needed"
    if settles_item(link.purpose) and (item is None or not item.applicable or item.is_settled):
        return "not_needed"
    if _recipient_gone(link):
        return "not_needed"
    return ""


def _recipient_gone(link: SignedLink) -> bool:
    """The guardian was removed from the student, or the stay moved to another company."""
    if link.purpose == Purpose.GUARDIAN_CONSENT:
        return link.guardian_id is None
    if link.purpose == Purpose.AGREEMENT:
        # The place it signs (agreements.Signature, by its reverse name): a guardian's must
        # still have its guardian, a host's the stay still at that company.
        place = getattr(link, "signature", None)
        if place is not None and place.party == "guardian":
            return link.guardian_id is None
        if place is not None and place.party == "host":
            return link.host_company_id != link.mobility.host_company_id
        return False
    return link.host_company_id != link.mobility.host_company_id


# Sending, revoking, re-sending: the school's side


@transaction.atomic
def send_link(
    mobility: Mobility,
    *,
    by: User,
    purpose: str,
    guardian: Guardian | None = None,
    domain: str,
    use_https: bool,
) -> SignedLink:
    """Make a link for one form of one mobility and have the task worker e-mail it.

    Refused (ValidationError) when it makes no sense: the mobility is closed, the item does
    not apply or is settled, a link for it still waits for an answer, or no address is known.
    """
    # One sender at a time per mobility, so two clicks do not make two waiting links.
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("student", "host_company")
        .get(pk=mobility.pk)
    )
    key = ITEM_KEYS[purpose]
    item = mobility.items.filter(template_item__key=key).first() if key else None
    reason = why_not_sendable(mobility, purpose, item, list(mobility.signed_links.all()))
    if reason:
        raise ValidationError(reason)
    name, email = recipient(mobility, purpose, guardian)
    link = SignedLink.objects.create(
        mobility=mobility,
        purpose=purpose,
        guardian=guardian if purpose == Purpose.GUARDIAN_CONSENT else None,
        host_company=mobility.host_company if purpose in HOST_PURPOSES else None,
        recipient_name=name,
        recipient_email=email,
        created_by=by,
        expires_at=expiry_for(purpose, mobility, timezone.now()),
    )
    record(
        by=by, action=Action.CREATE, obj=link, label=purpose_label(purpose),
        mobility=mobility, student=mobility.student,
        changes={
            "recipient_name": ("", name), "recipient_email": ("", email),
            "expires_at": ("", timezone.localdate(link.expires_at)),
        },
    )  # fmt: skip
    _enqueue_email(link, domain=domain, use_https=use_https)
    return link


@transaction.atomic
def revoke_link(link: SignedLink, *, by: User) -> SignedLink:
    """Close a link that waits for an answer; it then opens nothing."""
    stored = (
        SignedLink.objects.select_for_update(of=("self",))
        .select_related("mobility__student")
        .get(pk=link.pk)
    )
    if stored.state() not in ACTIVE:
        raise ValidationError(_("Only a link that waits for an answer can be revoked."))
    stored.revoked_at = timezone.now()
    stored.revoked_by = by
    stored.save(update_fields=["revoked_at", "revoked_by"])
    _record_change(stored, by=by, changes={"revoked_at": ("", _moment(stored.revoked_at))})
    return stored


@transaction.atomic
def resend_link(link: SignedLink, *, by: User, domain: str, use_https: bool) -> SignedLink:
    """Send a new link to the same person; the old one is revoked when it still waits."""
    if link.state() == LinkState.ANSWERED:
        raise ValidationError(_("This link has been answered; it cannot be sent again."))
    if link.state() in ACTIVE:
        revoke_link(link, by=by)
    return send_link(
        link.mobility, by=by, purpose=link.purpose, guardian=link.guardian, domain=domain,
        use_https=use_https,
    )  # fmt: skip


def why_not_sendable(
    mobility: Mobility, purpose: str, item: ChecklistItem | None, links: list[SignedLink]
) -> str:
    """Why a link for this purpose makes no sense now, or "" when it does.

    `links` are the mobility's links; the mobility page passes those it shows already.
    """
    if not mobility.is_open:
        return _("This mobility is closed; no links can be sent for it.")
    if purpose == Purpose.HOST_MIDTERM:
        if mobility.step != Step.ABROAD:
            return _("The host company gives mid-term feedback during the stay (step 4, Abroad).")
    elif item is None or not item.applicable:
        if purpose == Purpose.GUARDIAN_CONSENT:
            return _(
                "The student is 18 or older on the departure date: no guardian's consent is needed."
            )
        return _("The checklist item of this link does not apply to this mobility.")
    elif item.is_settled:
        return _("“%(title)s” is settled already: no link is needed.") % {"title": _(item.title)}
    if purpose == Purpose.HOST_EVALUATION and mobility.step < Step.ABROAD:
        return _("The host company can evaluate the stay once it has started (step 4, Abroad).")
    if any(link.purpose == purpose and link.state() in ACTIVE for link in links):
        return _("A link for this waits for an answer already. Send it again or revoke it first.")
    return ""


def recipient(mobility: Mobility, purpose: str, guardian: Guardian | None) -> tuple[str, str]:
    """The name and address a link goes to: the chosen guardian, or the host's contact."""
    if purpose == Purpose.GUARDIAN_CONSENT:
        if guardian is None or guardian.student_id != mobility.student_id:
            raise ValidationError(_("Choose one of the student's guardians."))
        if not guardian.email:
            raise ValidationError(
                _("%(name)s has no e-mail address. Add one on the student's page first.")
                % {"name": guardian.name}
            )
        return guardian.name, guardian.email
    host = mobility.host_company
    if host is None:
        raise ValidationError(_("Choose the host company of this mobility first."))
    if not host.contact_email:
        raise ValidationError(
            _("%(name)s has no contact e-mail address. Add one on the host company's page first.")
            % {"name": host.name}
        )
    return host.contact_name, host.contact_email


def _enqueue_email(link: SignedLink, *, domain: str, use_https: bool) -> None:
    # Named by path: the task module imports these services (core.tasks.enqueue_on_commit).
    enqueue_on_commit(
        "wegwijzer.links.tasks.send_link_email", link_id=link.pk, domain=domain, use_https=use_https
    )


def mark_sent(link: SignedLink, *, token: str) -> SignedLink:
    """Keep the hash of the token just made for the e-mail; called by the task worker.

    The link's time runs from now, when it is sent (expiry_for), not from when it was asked.
    """
    sent_at = timezone.now()
    expires_at = expiry_for(link.purpose, link.mobility, sent_at)
    changes: dict[str, tuple[Any, Any]] = {"sent_at": ("", _moment(sent_at))}
    if timezone.localdate(expires_at) != timezone.localdate(link.expires_at):
        changes["expires_at"] = (
            timezone.localdate(link.expires_at), timezone.localdate(expires_at)
        )  # fmt: skip
    link.token_hash = hash_token(token)
    link.sent_at = sent_at
    link.expires_at = expires_at
    link.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _record_change(link, by=None, changes=changes)
    return link


# Answering: the guardian's or host company's side


@transaction.atomic
def submit_link(
    link: SignedLink, *, name: str, ip: str | None, answers: dict[str, Any]
) -> SignedLink:
    """Record an answer given through a link, with the name, time and address as evidence.

    The link is used up and the item it belongs to is settled in the same transaction:
    marked done, or, when a guardian refuses consent, given a note the coordinator sees.
    Raises LinkClosedError, changing nothing, when the link opens no form (any more).
    """
    stored = (
        SignedLink.objects.select_for_update(of=("self",))
        .select_related("mobility__student")
        .get(pk=link.pk)
    )
    item = item_of(stored)
    state = open_state(stored, item)
    if state or (item is None and settles_item(stored.purpose)):
        raise LinkClosedError(state)
    stored.used_at = timezone.now()
    stored.submitted_name = name
    stored.submitted_ip = ip
    stored.answers = answers
    stored.save(update_fields=["used_at", "submitted_name", "submitted_ip", "answers"])
    # Phrases: the history shows them in its reader's language, the item's note in the
    # school's language, whoever answered.
    actor = _actor_label(stored)
    note = _evidence_note(stored)
    _record_change(
        stored, by=None, actor_label=actor, note=note,
        changes={"used_at": ("", _moment(stored.used_at)), "submitted_name": ("", name)},
    )  # fmt: skip
    if stored.purpose == Purpose.HOST_EVALUATION:
        _update_host(stored, actor)
    if item is None:
        pass  # a link that settles no item: the mid-term feedback
    elif stored.consent_refused:
        mobility_services.add_item_note(
            item, by=None, version=item.version, note=note, actor_label=actor
        )
    else:
        mobility_services.complete_item(
            item, by=None, version=item.version, done_on=timezone.localdate(stored.used_at),
            note=note, actor_label=actor,
        )  # fmt: skip
    _tell_answered(stored)
    return stored


def _update_host(link: SignedLink, actor: Phrase) -> None:
    """A host's evaluation is the company's memory: whether it welcomes more students
    (a yes or a no; "perhaps" changes nothing) and its practical trainer as a contact."""
    host = link.host_company
    if host is None:
        return
    welcomes = {"yes": True, "no": False}.get(str(link.answers.get("welcomes_more", "")))
    if welcomes is not None:
        host = host_services.update_host(
            host, by=None, changes={"welcomes_students": welcomes}, actor_label=actor
        )
    host_services.keep_trainer(
        host,
        name=str(link.answers.get("trainer_name", "")),
        email=str(link.answers.get("trainer_email", "")),
        role=_in_school_language(gettext_noop("practical trainer")),
        actor_label=actor,
    )


def _in_school_language(text: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(text)


def _actor_label(link: SignedLink) -> Phrase:
    if link.is_for_host:
        return Phrase(gettext_noop("%(name)s (host company, via link)"), name=link.submitted_name)
    return Phrase(gettext_noop("%(name)s (guardian, via link)"), name=link.submitted_name)


def _evidence_note(link: SignedLink) -> Phrase:
    """What the item and the history say of the answer, with the remarks given.

    The IP address stays on the link, for the coordinator: the item and the history are
    read by the student and their mentor too.
    """
    if link.purpose == Purpose.GUARDIAN_CONSENT:
        if link.consent_refused:
            text = gettext_noop("Consent refused by %(name)s on %(date)s, via link.")
        else:
            text = gettext_noop("Consent given by %(name)s on %(date)s, via link.")
    elif link.purpose == Purpose.HOST_AGREEMENT:
        text = gettext_noop("Confirmed by %(name)s of the host company on %(date)s, via link.")
    elif link.purpose == Purpose.HOST_MIDTERM:
        text = gettext_noop(
            "Mid-term feedback given by %(name)s of the host company on %(date)s, via link."
        )
    else:
        text = gettext_noop("Evaluated by %(name)s of the host company on %(date)s, via link.")
    answer = Phrase(text, name=link.submitted_name, date=timezone.localdate(link.used_at))
    remarks: str = str(link.answers.get("remarks", "")).strip()
    if remarks and link.purpose == Purpose.GUARDIAN_CONSENT:
        # A guardian's remark may hold medical details: it stays on the link, where the
        # links panel shows it only to those who may read medical notes.
        remarks = Phrase(
            gettext_noop(
                "With a remark, shown under the links to those who may read medical notes."
            )
        )
    return Phrase.lines(answer, remarks) if remarks else answer


def _moment(moment: datetime.datetime | None) -> str:
    """A time as the history shows it: local, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _record_change(
    link: SignedLink,
    *,
    by: User | None,
    changes: dict[str, tuple[Any, Any]],
    actor_label: str = "",
    note: str = "",
) -> None:
    record(
        by=by, action=Action.CHANGE, obj=link, label=purpose_label(link.purpose),
        mobility=link.mobility, student=link.mobility.student, changes=changes,
        actor_label=actor_label, note=note,
    )  # fmt: skip


# Telling the school an answer came in


def told_of_answer(link: SignedLink) -> list[User]:
    """Who hears that a link was answered: the stay's supervisor and whoever sent the link,
    or, when neither can be told, every active coordinator, so no answer goes unseen.

    Staff only: a mentor or student never, also not as sender. The message says whether a
    guardian gave or refused consent, never their remark (it may hold medical details).
    """
    mobility = link.mobility
    staff = (Role.COORDINATOR, Role.SUPERVISOR)
    told = {
        user.pk: user
        for user in (mobility.supervisor, link.created_by)
        if user is not None and user.is_active and user.role in staff
    }
    if not told:
        return list(User.objects.filter(role=Role.COORDINATOR, is_active=True))
    return list(told.values())


def _tell_answered(link: SignedLink) -> None:
    mobility = (
        Mobility.objects.select_related("student", "supervisor", "host_company")
        .get(pk=link.mobility_id)
    )  # fmt: skip
    link.mobility = mobility
    student = mobility.student.full_name

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            if link.purpose == Purpose.GUARDIAN_CONSENT:
                answer = (
                    pgettext("consent answer", "refused")
                    if link.consent_refused
                    else pgettext("consent answer", "given")
                )
                return {
                    "student": student, "guardian": link.submitted_name, "answer": answer,
                    "destination": mobility_services.destination_of(mobility),
                }  # fmt: skip
            if link.purpose == Purpose.HOST_AGREEMENT:
                answer = _("the confirmation of the supervision agreements")
            elif link.purpose == Purpose.HOST_MIDTERM:
                answer = _("the mid-term feedback")
            else:
                answer = _("the evaluation of the stay")
            host = link.host_company.name if link.host_company else link.submitted_name
            return {"student": student, "host": host, "answer": answer}

    kind = (
        MessageKind.CONSENT_ANSWERED
        if link.purpose == Purpose.GUARDIAN_CONSENT
        else MessageKind.HOST_ANSWERED
    )
    notify(
        kind, told_of_answer(link), values=values, mobility=mobility,
        path=reverse("mobilities:detail", args=[mobility.public_id]) + "#links-title",
        dedupe_key=f"link-answered:{link.pk}",
    )  # fmt: skip


# Erasure


@transaction.atomic
def scrub_student_links(student: Student, *, by: User | None) -> int:
    """Remove the personal data kept with the links of a student's mobilities.

    For erasing a student: names, addresses, IP addresses and answers go; what a host
    company said about welcoming more students stays, as the company's memory. Links still
    waiting are revoked. Returns the number of links scrubbed.
    """
    links = SignedLink.objects.filter(mobility__student=student)
    now = timezone.now()
    links.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
    count = 0
    for link in links:
        kept = (
            {"welcomes_more": link.answers["welcomes_more"]}
            if "welcomes_more" in link.answers
            else {}
        )
        link.recipient_name = link.submitted_name = link.recipient_email = ""
        link.submitted_ip = None
        link.answers = kept
        link.guardian = None
        link.save(
            update_fields=[
                "recipient_name", "submitted_name", "recipient_email", "submitted_ip", "answers",
                "guardian",
            ]
        )  # fmt: skip
        note = gettext_noop("Personal data removed with the student's data.")
        _record_change(link, by=by, changes={}, note=note)
        count += 1
    return count
