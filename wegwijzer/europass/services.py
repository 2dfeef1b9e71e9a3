"""The Europass Mobility of a stay: the draft, issuing it and withdrawing it; each audited.

A draft is filled from the stay (draft_values) and edited by the coordinator and the stay's
supervisor in step 5 or after completion. The coordinator issues it: the credential and
the PDF are made once and kept with their SHA-256, the Europass is fixed, and the checklist
item "Europass Mobility document made" is done. A coordinator may withdraw an issued one,
with a reason: a new draft with the same content takes its place.
"""

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.europass import credential, pdf
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility

# The checklist item issuing settles (programmes/default_checklist.py).
ITEM_KEY = "back-europass-mobility"
FIELDS = [
    "holder_name", "holder_birth_date", "host_name", "host_city", "host_country",
    "mentor_name", "first_day", "last_day", "objective", "activities", "skills", "language",
]  # fmt: skip
STALE = gettext_noop(
    "Someone else changed this Europass a moment ago. Check its new state and try again."
)


def is_due(mobility: Mobility) -> bool:
    """A stay has a Europass from step 5 on: back home, or completed."""
    return mobility.is_back_home


def current(mobility: Mobility) -> EuropassMobility | None:
    """The stay's Europass that is not withdrawn, if any."""
    return mobility.europasses.filter(withdrawn_at__isnull=True).select_related("issued_by").first()


def _answers(mobility: Mobility, purpose: str) -> SignedLink | None:
    return (
        SignedLink.objects.filter(mobility=mobility, purpose=purpose, used_at__isnull=False)
        .order_by("-used_at")
        .first()
    )


def draft_values(mobility: Mobility) -> dict[str, Any]:
    """What a new draft holds: the stay's facts, and what the host said through its links.

    The skills come from the host's evaluation (its answer "skills", when the form asks
    it); the mentor from the supervision agreement the host confirmed, else whoever
    answered the evaluation.
    """
    student, company = mobility.student, mobility.host_company
    evaluation = _answers(mobility, Purpose.HOST_EVALUATION)
    agreement = _answers(mobility, Purpose.HOST_AGREEMENT)
    skills = (evaluation.answers.get("skills") if evaluation else None) or ""
    mentor = (agreement.answers.get("supervisor_name") if agreement else None) or (
        evaluation.submitted_name if evaluation else ""
    )
    programme = student.programme
    return {
        "holder_name": student.full_name,
        "holder_birth_date": student.date_of_birth,
        "host_name": company.name if company else "",
        "host_city": company.city if company else mobility.destination_city,
        "host_country": str(company.country if company else mobility.destination_country),
        "mentor_name": str(mentor or ""),
        "first_day": mobility.first_day,
        "last_day": mobility.last_day,
        "objective": (
            f"A work placement abroad as part of the vocational programme {programme.name}."
            if programme
            else "A work placement abroad as part of the student's vocational programme."
        ),
        "activities": "",
        "skills": str(skills),
        "language": "",
    }


def can_edit(user: User, mobility: Mobility, europass: EuropassMobility | None) -> bool:
    """A draft, of a stay in step 5 or completed, by whoever may edit it."""
    if europass is not None and europass.is_issued:
        return False
    return is_due(mobility) and access.can_edit_europass(user, mobility)


def _check(values: dict[str, Any]) -> None:
    if values["last_day"] < values["first_day"]:
        raise ValidationError(_("The last day cannot be before the first day."))


@transaction.atomic
def save_draft(
    mobility: Mobility, *, by: User, version: int | None, values: dict[str, Any]
) -> EuropassMobility:
    """Make the stay's draft (version None) or change it (the version the form showed)."""
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    stored = current(mobility)
    if not can_edit(by, mobility, stored):
        raise ValidationError(_("This Europass can no longer be changed."))
    _check(values)
    if stored is None:
        if version is not None:
            raise ValidationError(_(STALE))
        try:
            with transaction.atomic():
                europass = EuropassMobility.objects.create(mobility=mobility, **values)
        except IntegrityError as error:
            raise ValidationError(_(STALE)) from error
        record(
            by=by, action=Action.CREATE, obj=europass, mobility=mobility,
            student=mobility.student,
        )  # fmt: skip
        return europass
    if version is None or stored.version != version:
        raise ValidationError(_(STALE))
    changes = {
        name: (getattr(stored, name), value)
        for name, value in values.items()
        if getattr(stored, name) != value
    }
    if changes:
        EuropassMobility.objects.filter(pk=stored.pk).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        stored.refresh_from_db()
        record(
            by=by, action=Action.CHANGE, obj=stored, mobility=mobility,
            student=mobility.student, changes={name: changes[name] for name in FIELDS
                                               if name in changes},
        )  # fmt: skip
    return stored


def missing_settings() -> list[str]:
    """The school's details an issued Europass needs and the settings do not give."""
    names = ["SCHOOL_NAME", "SCHOOL_LEGAL_IDENTIFIER"]
    return [name for name in names if not getattr(settings, name, "")]


@transaction.atomic
def issue(europass: EuropassMobility, *, by: User, version: int) -> EuropassMobility:
    """The coordinator's review is done: the Europass is fixed and its files are made."""
    if not access.can_issue_europass(by):
        raise ValidationError(_("Only a coordinator issues a Europass Mobility."))
    if missing_settings():
        raise ValidationError(
            _("The school's details for the Europass are not set: %(names)s.")
            % {"names": ", ".join(missing_settings())}
        )
    stored = EuropassMobility.objects.select_for_update().get(pk=europass.pk)
    if stored.is_issued or stored.withdrawn_at:
        raise ValidationError(_("This Europass has already been issued."))
    if stored.version != version:
        raise ValidationError(_(STALE))
    mobility = Mobility.objects.select_related("student").get(pk=stored.mobility_id)
    if not is_due(mobility):
        raise ValidationError(_("A Europass is issued once the student is back home."))
    if not (stored.activities.strip() and stored.objective.strip() and stored.host_name):
        raise ValidationError(
            _("Fill in the host organisation, the objective and the activities first.")
        )
    now = timezone.now()
    document = credential.dumps(credential.build(stored, issued=now))
    made = pdf.render(stored, issued=now)
    stored.issued_at, stored.issued_by = now, by
    stored.credential, stored.credential_sha256 = document, _sha256(document.encode())
    stored.pdf, stored.pdf_sha256 = made, _sha256(made)
    stored.version += 1
    stored.save()
    record(
        by=by, action=Action.CHANGE, obj=stored, mobility=mobility, student=mobility.student,
        changes={"issued_at": (None, now)},
        note=Phrase(gettext_noop("Europass Mobility issued")),
    )  # fmt: skip
    _settle_item(mobility, by=by, on=timezone.localdate())
    return stored


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _settle_item(mobility: Mobility, *, by: User, on: datetime.date) -> None:
    """The checklist item is done, while the stay is open (a closed one's checklist is read
    only) and the item not settled yet."""
    item = mobility.items.filter(template_item__key=ITEM_KEY, applicable=True).first()
    if item is None or item.is_settled or not mobility.is_open:
        return
    mobility_services.complete_item(
        item, by=by, version=item.version, done_on=on, note=_("Europass Mobility issued.")
    )


def _reopen_item(mobility: Mobility, *, by: User) -> None:
    item = mobility.items.filter(template_item__key=ITEM_KEY, applicable=True).first()
    if item is None or item.status != ItemStatus.DONE or not mobility.is_open:
        return
    mobility_services.reopen_item(item, by=by, version=item.version)


@transaction.atomic
def withdraw(
    europass: EuropassMobility, *, by: User, version: int, reason: str
) -> EuropassMobility:
    """An issued Europass is withdrawn with a reason; a new draft with its content follows."""
    if not access.can_issue_europass(by):
        raise ValidationError(_("Only a coordinator withdraws a Europass Mobility."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for withdrawing the Europass."))
    stored = EuropassMobility.objects.select_for_update().get(pk=europass.pk)
    if not stored.is_issued or stored.withdrawn_at:
        raise ValidationError(_("Only an issued Europass can be withdrawn."))
    if stored.version != version:
        raise ValidationError(_(STALE))
    mobility = Mobility.objects.select_related("student").get(pk=stored.mobility_id)
    now = timezone.now()
    stored.withdrawn_at, stored.withdrawn_by, stored.withdrawn_reason = now, by, reason
    stored.version += 1
    stored.save()
    record(
        by=by, action=Action.CHANGE, obj=stored, mobility=mobility, student=mobility.student,
        changes={"withdrawn_at": (None, now)},
        note=Phrase(gettext_noop("Europass Mobility withdrawn: %(reason)s"), reason=reason),
    )  # fmt: skip
    draft = EuropassMobility.objects.create(
        mobility=mobility, **{name: getattr(stored, name) for name in FIELDS}
    )
    record(
        by=by, action=Action.CREATE, obj=draft, mobility=mobility, student=mobility.student,
        note=Phrase(gettext_noop("New draft after the Europass was withdrawn")),
    )  # fmt: skip
    _reopen_item(mobility, by=by)
    return draft
