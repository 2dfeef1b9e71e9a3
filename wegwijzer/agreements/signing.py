"""Sending an agreement for signing, signing it, refusing it: the services.

A coordinator sends one kind of agreement of a stay (send_agreement): a new version is made
from the stay's facts, with its PDF, and each party gets its place (Signature): the
student and the school sign logged in, the guardian (for a student under 18 on the start
date) and the host company through a signed link (links app, purpose AGREEMENT). The host
reads English: it gets an English copy of the same facts, kept on its Signature with its
own hash, because render_pdf writes one language per document.

Each signature keeps its evidence: the name typed, the moment, the IP address, the SHA-256
of the exact PDF bytes the party was shown and what they signed through. When every
required party has signed the version is complete: its final PDF adds the signature page,
the checklist items settle themselves and the school is told. A refusal returns the
version to the coordinator with the reason. Every function runs in one transaction under
the stay's or the agreement's row lock and leaves an entry in the stay's history.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import Role, User
from wegwijzer.agreements import content
from wegwijzer.agreements.models import (
    GUARDIAN_ITEM_KEY,
    ITEM_KEYS,
    LOGGED_IN,
    Agreement,
    AgreementState,
    Kind,
    Party,
    Signature,
)
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.core.mail import rendered_email
from wegwijzer.core.tasks import enqueue_on_commit
from wegwijzer.links.models import Purpose, SignedLink, expiry_for
from wegwijzer.links.services import LinkClosedError, open_state
from wegwijzer.mobilities import rules
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Funding, Mobility
from wegwijzer.notifications.kinds import Kind as MessageKind
from wegwijzer.notifications.services import notify
from wegwijzer.programmes.models import Condition
from wegwijzer.students.models import Guardian

# The Erasmus+ documents item a complete Learning Agreement also settles, when the stay has it.
HOST_LANGUAGE = "en"


class SigningRefusedError(Exception):
    """Signing or refusing is not possible (any more); the message says why."""

    def __init__(self, message: str, *, newer: Agreement | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.newer = newer


def kinds_for(mobility: Mobility) -> list[str]:
    """The kinds of agreement a stay has: the Learning Agreement only for Erasmus+."""
    return [kind for kind in Kind if kind != Kind.LEARNING or mobility.funding == Funding.ERASMUS]


# Sending


def minor_on_departure(mobility: Mobility) -> bool:
    """Whether the student is under 18 on the start date: the checklist's own rule."""
    return rules.applies(Condition.UNDER_18, mobility)


def missing(mobility: Mobility, kind: str) -> list[str]:
    """What must be entered before the agreement can be sent: the document's own list
    (content.missing) and the addresses its parties are reached at."""
    wanting = content.missing(mobility, kind)
    student = mobility.student
    if not (student.user_id and student.user and student.user.is_active) and not student.email:
        wanting.append(_("the student's account or e-mail address"))
    if minor_on_departure(mobility) and not guardian_of(mobility):
        wanting.append(_("a guardian with an e-mail address (the student is under 18)"))
    return wanting


def guardian_of(mobility: Mobility) -> Guardian | None:
    """The guardian who signs for a minor: the first with an e-mail address."""
    return next((g for g in mobility.student.guardians.all() if g.email), None)


@transaction.atomic
def send_agreement(
    mobility: Mobility, kind: str, *, by: User, domain: str, use_https: bool
) -> Agreement:
    """Make version n+1 of this kind of agreement and ask each party to sign it.

    Refused (ValidationError, with what is missing) when something the agreement needs is
    not entered; nothing is made then. An open version of the same kind is withdrawn; its
    waiting links, and those of an outdated one, are revoked.
    """
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("student__programme", "student__user", "host_company", "supervisor")
        .get(pk=mobility.pk)
    )
    if not mobility.is_open:
        raise ValidationError(_("This mobility is closed; no agreement can be sent for it."))
    wanting = missing(mobility, kind)
    if wanting:
        raise ValidationError(
            _("Not sent: first enter %(missing)s.") % {"missing": ", ".join(wanting)}
        )
    now = timezone.now()
    earlier = list(Agreement.objects.select_for_update().filter(mobility=mobility, kind=kind))
    for old in earlier:
        if old.state == AgreementState.SIGNING:
            _set_state(old, AgreementState.WITHDRAWN, by=by)
        if old.state in (AgreementState.WITHDRAWN, AgreementState.OUTDATED):
            _revoke_waiting(old, by=by, at=now)
    language = settings.LANGUAGE_CODE
    facts = content.facts(mobility, kind)
    # Kept with the school's wording of today in both languages: every copy of this version,
    # the final one too, says what was sent.
    made_from = content.with_wording(facts, [language, HOST_LANGUAGE])
    pdf = content.render_pdf(made_from, language=language)
    agreement = Agreement.objects.create(
        mobility=mobility, kind=kind, number=max((a.number for a in earlier), default=0) + 1,
        language=language, facts=made_from, fingerprint=content.fingerprint(facts),
        pdf=pdf, pdf_sha256=content.sha256(pdf), sent_by=by,
    )  # fmt: skip
    record(
        by=by, action=Action.CREATE, obj=agreement, label=_label(agreement),
        mobility=mobility, student=mobility.student,
        changes={"number": ("", agreement.number), "pdf_sha256": ("", agreement.pdf_sha256)},
    )  # fmt: skip
    for signature in _places(agreement, mobility, by=by, made_from=made_from):
        if signature.link is not None:
            enqueue_on_commit(
                "wegwijzer.links.tasks.send_link_email",
                link_id=signature.link.pk, domain=domain, use_https=use_https,
            )  # fmt: skip
    return agreement


def _places(
    agreement: Agreement, mobility: Mobility, *, by: User, made_from: content.Facts
) -> list[Signature]:
    """Each required party's place: the student, the guardian of a minor, the host, the school."""
    student = mobility.student
    places = []
    if student.user is not None and student.user.is_active:
        places.append(_place(agreement, Party.STUDENT, name=student.full_name, user=student.user))
    else:
        link = _link(agreement, by=by, name=student.full_name, email=student.email)
        places.append(_place(agreement, Party.STUDENT, name=student.full_name, link=link))
    if minor_on_departure(mobility):
        guardian = guardian_of(mobility)
        if guardian is None:  # missing() asked for one
            raise ValidationError(_("a guardian with an e-mail address (the student is under 18)"))
        link = _link(agreement, by=by, name=guardian.name, email=guardian.email, guardian=guardian)
        places.append(_place(agreement, Party.GUARDIAN, name=guardian.name, link=link))
    host = mobility.host_company
    if host is None:  # content.missing() asked for one
        raise ValidationError(_("the host company"))
    host_link = _link(agreement, by=by, name=host.contact_name, email=host.contact_email, host=True)
    english = content.render_pdf(made_from, language=HOST_LANGUAGE)
    places.append(
        _place(agreement, Party.HOST, name=host.contact_name or host.name, link=host_link,
               pdf=english)
    )  # fmt: skip
    places.append(_place(agreement, Party.SCHOOL, name=settings.SCHOOL_NAME, user=by))
    return places


def _place(
    agreement: Agreement,
    party: str,
    *,
    name: str,
    user: User | None = None,
    link: SignedLink | None = None,
    pdf: bytes | None = None,
) -> Signature:
    return Signature.objects.create(
        agreement=agreement, party=party, user=user, link=link,
        guardian=link.guardian if link else None, recipient_name=name,
        recipient_email=link.recipient_email if link else (user.email if user else ""),
        pdf=pdf,
    )  # fmt: skip


def _link(
    agreement: Agreement,
    *,
    by: User,
    name: str,
    email: str,
    guardian: Guardian | None = None,
    host: bool = False,
) -> SignedLink:
    mobility = agreement.mobility
    link = SignedLink.objects.create(
        mobility=mobility, purpose=Purpose.AGREEMENT, guardian=guardian,
        host_company=mobility.host_company if host else None,
        recipient_name=name, recipient_email=email, created_by=by,
        expires_at=expiry_for(Purpose.AGREEMENT, mobility, timezone.now()),
    )  # fmt: skip
    record(
        by=by, action=Action.CREATE, obj=link, label=_label(agreement),
        mobility=mobility, student=mobility.student,
        changes={"recipient_name": ("", name), "recipient_email": ("", email)},
    )  # fmt: skip
    return link


def link_message(link: SignedLink, url: str) -> EmailMessage:
    """The e-mail with a party's link (sent by links.tasks): English for the host company,
    the school's language for the student and the guardian."""
    signature = Signature.objects.select_related("agreement").get(link=link)
    context = {
        "link": link,
        "signature": signature,
        "agreement": signature.agreement,
        "student": link.mobility.student,
        "url": url,
        "contact": link.created_by or link.mobility.supervisor,
    }
    return rendered_email(
        subject="agreements/email_subject.txt",
        body="agreements/email_body.txt",
        context=context,
        language=HOST_LANGUAGE if link.is_for_host else settings.LANGUAGE_CODE,
        to=[link.recipient_email],
    )


# Signing and refusing: each party's side


def document_of(signature: Signature) -> bytes:
    """The exact PDF bytes this party is shown and signs: the host's English copy, or the
    version's own."""
    return bytes(signature.pdf) if signature.pdf else bytes(signature.agreement.pdf)


def newer_version(agreement: Agreement) -> Agreement | None:
    """The latest version of the same kind, when it is not this one."""
    latest = (
        Agreement.objects.filter(mobility_id=agreement.mobility_id, kind=agreement.kind)
        .order_by("-number")
        .first()
    )
    return latest if latest and latest.pk != agreement.pk else None


def why_not_signable(signature: Signature) -> str:
    """Why this place cannot be signed now, or "" when it can."""
    agreement = signature.agreement
    if signature.signed_at:
        return _("This agreement has been signed already on this side.")
    if signature.refused_at:
        return _("Signing was refused on this side; the school will send a new version.")
    if agreement.state == AgreementState.OUTDATED:
        return _(
            "This version is outdated: the stay's details changed after it was sent. "
            "The school sends a new version to sign."
        )
    if agreement.state == AgreementState.WITHDRAWN:
        return _("This version was replaced by a newer one. Sign the newer version instead.")
    if agreement.state == AgreementState.REFUSED:
        return _("Signing this version was refused; the school will send a new version.")
    if agreement.state == AgreementState.COMPLETE:
        return _("This agreement has been signed by everyone already.")
    return ""


def _stay_changed(agreement: Agreement) -> bool:
    """Whether the stay's facts differ from those the version was made from."""
    mobility = Mobility.objects.select_related(
        "student__programme", "host_company", "supervisor"
    ).get(pk=agreement.mobility_id)
    return content.fingerprint(content.facts(mobility, agreement.kind)) != agreement.fingerprint


def _locked(signature: Signature, version: int, link: SignedLink | None) -> Signature:
    """The place and its agreement, locked; refused when it cannot be signed now."""
    agreement = Agreement.objects.select_for_update(of=("self",)).get(pk=signature.agreement_id)
    stored = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("link", "agreement__mobility__student")
        .get(pk=signature.pk)
    )
    stored.agreement = agreement
    if link is not None:
        locked_link = SignedLink.objects.select_for_update(of=("self",)).get(pk=link.pk)
        state = open_state(locked_link, None)
        if state:
            raise LinkClosedError(state)
        stored.link = locked_link
    reason = why_not_signable(stored)
    if not reason and _stay_changed(agreement):
        # A change no hook told the agreements about: the version is outdated all the same.
        content.refresh_outdated(agreement.mobility)
        agreement.refresh_from_db()
        reason = why_not_signable(stored)
    if reason:
        raise SigningRefusedError(reason, newer=newer_version(agreement))
    if agreement.version != version:
        raise SigningRefusedError(
            _("This agreement changed since you opened it. Nothing was saved; read it again.")
        )
    return stored


@transaction.atomic
def sign(
    signature: Signature,
    *,
    typed_name: str,
    ip: str | None,
    version: int,
    document_sha256: str,
    by: User | None = None,
    link: SignedLink | None = None,
) -> Signature:
    """Record one party's signature with its evidence; complete the agreement when it was
    the last one. `document_sha256` is the hash of the PDF the page offered: it must be the
    hash of the bytes kept, or nothing is signed."""
    stored = _locked(signature, version, link)
    typed_name = typed_name.strip()
    if not typed_name:
        raise SigningRefusedError(_("Type your full name to sign."))
    shown = content.sha256(document_of(stored))
    if document_sha256 != shown:
        raise SigningRefusedError(
            _("The document changed since you opened it. Nothing was saved; read it again.")
        )
    now = timezone.now()
    stored.signed_at = now
    stored.typed_name = typed_name
    stored.ip_address = ip
    stored.document_sha256 = shown
    stored.purpose = stored.link.purpose if stored.link else LOGGED_IN
    if stored.party == Party.SCHOOL and by is not None:
        stored.user = by
    stored.save(
        update_fields=["signed_at", "typed_name", "ip_address", "document_sha256", "purpose",
                       "user"]
    )  # fmt: skip
    _use_link(stored, now, typed_name, ip)
    agreement = stored.agreement
    record(
        by=by, action=Action.CHANGE, obj=agreement, label=_label(agreement),
        mobility=agreement.mobility, student=agreement.mobility.student,
        actor_label=_actor(stored, by),
        note=Phrase(
            gettext_noop("Signed as %(party)s by %(name)s; document SHA-256 %(hash)s."),
            party=Phrase.label(Party(stored.party).label), name=typed_name, hash=shown,
        ),
    )  # fmt: skip
    if all(s.signed_at for s in agreement.signatures.all() if s.required):
        _complete(agreement)
    return stored


@transaction.atomic
def refuse(
    signature: Signature,
    *,
    reason: str,
    ip: str | None,
    version: int,
    by: User | None = None,
    link: SignedLink | None = None,
) -> Signature:
    """A party refuses to sign, with a reason: the version returns to the coordinator."""
    stored = _locked(signature, version, link)
    reason = reason.strip()
    if not reason:
        raise SigningRefusedError(_("Say why you refuse to sign."))
    now = timezone.now()
    stored.refused_at = now
    stored.refused_reason = reason
    stored.ip_address = ip
    stored.purpose = stored.link.purpose if stored.link else LOGGED_IN
    stored.save(update_fields=["refused_at", "refused_reason", "ip_address", "purpose"])
    name = stored.recipient_name if stored.party != Party.SCHOOL or by is None else str(by)
    _use_link(stored, now, name, ip)
    agreement = stored.agreement
    agreement.refused_reason = reason
    _set_state(agreement, AgreementState.REFUSED, by=by, actor_label=_actor(stored, by),
               note=reason)  # fmt: skip
    _revoke_waiting(agreement, by=None, at=now)
    _tell(agreement, MessageKind.AGREEMENT_REFUSED, name=name, reason=reason)
    return stored


def _use_link(signature: Signature, now: datetime.datetime, name: str, ip: str | None) -> None:
    """A link signs or refuses once: it is used up."""
    link = signature.link
    if link is None:
        return
    link.used_at = now
    link.submitted_name = name
    link.submitted_ip = ip
    link.save(update_fields=["used_at", "submitted_name", "submitted_ip"])


def _complete(agreement: Agreement) -> None:
    """Every required party signed: the final PDF, the items, the school told."""
    signatures = list(agreement.signatures.filter(signed_at__isnull=False))
    signed_pdf = content.render_pdf(
        agreement.facts,
        language=agreement.language,
        signatures=signatures,
        document_sha256=agreement.pdf_sha256,
    )
    agreement.signed_pdf = signed_pdf
    agreement.signed_pdf_sha256 = content.sha256(signed_pdf)
    agreement.completed_at = timezone.now()
    _set_state(
        agreement, AgreementState.COMPLETE, by=None,
        changes={"signed_pdf_sha256": ("", agreement.signed_pdf_sha256)},
    )  # fmt: skip
    keys = [ITEM_KEYS[agreement.kind]]
    if any(s.party == Party.GUARDIAN for s in signatures):
        keys.append(GUARDIAN_ITEM_KEY)
    note = Phrase(
        gettext_noop("Settled by the %(kind)s, version %(number)s, signed by everyone."),
        kind=Phrase.label(Kind(agreement.kind).label), number=str(agreement.number),
    )  # fmt: skip
    actor = Phrase(gettext_noop("Wegwijzer (signed agreement)"))
    mobility = agreement.mobility
    for item in mobility.items.filter(template_item__key__in=keys):
        if item.applicable and not item.is_settled:
            mobility_services.complete_item(
                item, by=None, version=item.version, done_on=timezone.localdate(),
                note=note, actor_label=actor,
            )  # fmt: skip
    _tell(agreement, MessageKind.AGREEMENT_COMPLETE)


def _set_state(
    agreement: Agreement,
    state: str,
    *,
    by: User | None,
    actor_label: str = "",
    note: str = "",
    changes: dict[str, tuple[object, object]] | None = None,
) -> None:
    before = agreement.state
    agreement.state = state
    agreement.version += 1
    agreement.save()
    record(
        by=by, action=Action.CHANGE, obj=agreement, label=_label(agreement),
        mobility=agreement.mobility, student=agreement.mobility.student,
        changes={"state": (before, state), **(changes or {})},
        actor_label=actor_label, note=note,
    )  # fmt: skip


def _revoke_waiting(agreement: Agreement, *, by: User | None, at: datetime.datetime) -> None:
    """Close the links of a version no longer to be signed: they then open nothing."""
    SignedLink.objects.filter(
        signature__agreement=agreement, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=at, revoked_by=by)


def _label(agreement: Agreement) -> str:
    return Phrase(
        gettext_noop("%(kind)s, version %(number)s"),
        kind=Phrase.label(Kind(agreement.kind).label), number=str(agreement.number),
    )  # fmt: skip


def _actor(signature: Signature, by: User | None) -> str:
    if by is not None:
        return ""
    return Phrase(
        gettext_noop("%(name)s (%(party)s, via link)"),
        name=signature.typed_name or signature.recipient_name,
        party=Phrase.label(Party(signature.party).label),
    )  # fmt: skip


def _tell(agreement: Agreement, kind: str, **extra: str) -> None:
    """The stay's supervisor and whoever sent the version; every coordinator when neither
    can be told."""
    mobility = agreement.mobility
    staff = (Role.COORDINATOR, Role.SUPERVISOR)
    told = {
        user.pk: user
        for user in (mobility.supervisor, agreement.sent_by)
        if user is not None and user.is_active and user.role in staff
    }
    users = list(told.values()) or list(User.objects.filter(role=Role.COORDINATOR, is_active=True))
    student = mobility.student.full_name

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {"student": student, "agreement": str(Kind(agreement.kind).label), **extra}

    notify(
        kind, users, values=values, mobility=mobility,
        path=reverse("mobilities:detail", args=[mobility.public_id]) + "#agreements-title",
        dedupe_key=f"{kind}:{agreement.pk}",
    )  # fmt: skip


# Downloading


def record_download(agreement: Agreement, *, by: User, signed: bool) -> None:
    """Who downloaded which PDF of an agreement: it holds personal data."""
    record(
        by=by, action=Action.VIEW, obj=agreement, label=_label(agreement),
        mobility=agreement.mobility, student=agreement.mobility.student,
        note=Phrase(gettext_noop("Signed PDF downloaded.") if signed
                    else gettext_noop("PDF downloaded.")),
    )  # fmt: skip
