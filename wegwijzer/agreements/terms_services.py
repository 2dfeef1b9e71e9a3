"""Every change to a stay's terms, the school's wording of its agreements and the school's
agreement settings: one transaction, one audit entry, refused when stale.

Each form carries the version of the row it was made from (0 for a row not made yet); a
save over a change its user has not seen changes nothing (StaleTermsError).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import User
from wegwijzer.agreements import content, wording
from wegwijzer.agreements.models import AgreementSettings, AgreementWording, StayTerms
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.mobilities.models import Mobility
from wegwijzer.notifications.wording_services import Saved

STALE = _(
    "Someone changed this since you opened the page (or the form was sent twice). "
    "Nothing was changed; look again and try once more."
)
CLOSED = _("This stay is closed; its terms can only be read.")

TERMS_FIELDS = [
    "tasks", "learning_outcomes", "assessment", "hours_per_week", "working_days",
    "trainer_name", "trainer_email", "trainer_phone", "supervision",
]  # fmt: skip
SETTINGS_FIELDS = ["mentors_read", "students_edit_terms"]


class StaleTermsError(ValidationError):
    """The row changed since the form that tries to change it was shown."""


# The stay's terms


def save_terms(
    mobility: Mobility, *, by: User, version: int, changes: dict[str, Any]
) -> tuple[StayTerms, int]:
    """Store the stay's terms (made on the first save) and outdate the agreements made from
    the old ones; the terms and how many agreements became outdated."""
    with transaction.atomic():
        stored_mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
        if not stored_mobility.is_open:
            raise ValidationError(CLOSED)
        stored = StayTerms.objects.select_for_update().filter(mobility=stored_mobility).first()
        if (stored.version if stored else 0) != version:
            raise StaleTermsError(STALE, code="stale")
        if stored is None:
            stored = _create_terms(stored_mobility, by=by, changes=changes)
        else:
            diff = changed_fields(stored, changes)
            if not diff:
                return stored, 0
            for name in diff:
                setattr(stored, name, changes[name])
            stored.version += 1
            stored.save(update_fields=[*diff, "version", "changed_at"])
            record(
                by=by, action=Action.CHANGE, obj=stored, mobility=stored_mobility,
                student=stored_mobility.student, changes=diff,
            )  # fmt: skip
        # Read the stay again, so its agreements are compared with the terms just saved.
        outdated = content.refresh_outdated(Mobility.objects.get(pk=mobility.pk))
    return stored, outdated


def _create_terms(mobility: Mobility, *, by: User, changes: dict[str, Any]) -> StayTerms:
    try:
        # Terms made by someone else at the same moment were not there to lock.
        with transaction.atomic():
            made = StayTerms.objects.create(mobility=mobility, version=1, **changes)
    except IntegrityError:
        raise StaleTermsError(STALE, code="stale") from None
    record(
        by=by, action=Action.CREATE, obj=made, mobility=mobility, student=mobility.student,
        changes=snapshot(made, TERMS_FIELDS, created=True),
    )  # fmt: skip
    return made


# The school's agreement settings


def save_settings(*, by: User, version: int, changes: dict[str, bool]) -> AgreementSettings:
    with transaction.atomic():
        AgreementSettings.current()  # made when first asked for
        stored = AgreementSettings.objects.select_for_update().get(pk=1)
        if stored.version != version:
            raise StaleTermsError(STALE, code="stale")
        diff = changed_fields(stored, changes)
        if diff:
            for name in diff:
                setattr(stored, name, changes[name])
            stored.version += 1
            stored.save(update_fields=[*diff, "version"])
            record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
    return stored


# The school's wording of each kind of agreement


def wording_version(stored: AgreementWording | None) -> int:
    """What a form made from this row (or from the default, None) carries."""
    return stored.version if stored else 0


def save_wording(*, kind: str, language: str, body: str, version: int, by: User) -> Saved:
    """Store the school's wording of a kind in a language. A text equal to the default
    stores nothing (and removes the school's row), so a later improvement of the default
    reaches the school. PlaceholderError for a placeholder an agreement does not know."""
    wording.check(body)
    with transaction.atomic():
        stored = _locked_wording(kind, language, version)
        # A text area's field drops the default's last line break.
        if body.strip() == wording.default_body(kind, language).strip():
            if stored is not None:
                _delete_wording(stored, by=by)
            return Saved.DEFAULT
        if stored is None:
            try:
                with transaction.atomic():
                    made = AgreementWording.objects.create(
                        kind=kind, language=language, body=body, changed_by=by, version=1
                    )
            except IntegrityError:
                raise StaleTermsError(STALE, code="stale") from None
            record(
                by=by, action=Action.CREATE, obj=made,
                changes=snapshot(made, ["kind", "language", "body"], created=True),
            )  # fmt: skip
            return Saved.OWN
        diff = changed_fields(stored, {"body": body})
        if not diff:
            return Saved.UNCHANGED
        stored.body, stored.changed_by = body, by
        stored.version += 1
        stored.save(update_fields=["body", "changed_by", "changed_at", "version"])
        record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
        return Saved.OWN


def reset_wording(*, kind: str, language: str, version: int, by: User) -> bool:
    """Delete the school's wording, so the default applies; False when there was none."""
    with transaction.atomic():
        stored = _locked_wording(kind, language, version)
        if stored is None:
            return False
        _delete_wording(stored, by=by)
        return True


def _locked_wording(kind: str, language: str, version: int) -> AgreementWording | None:
    stored = (
        AgreementWording.objects.select_for_update().filter(kind=kind, language=language).first()
    )
    if wording_version(stored) != version:
        raise StaleTermsError(STALE, code="stale")
    return stored


def _delete_wording(stored: AgreementWording, *, by: User) -> None:
    record(
        by=by, action=Action.DELETE, obj=stored,
        changes=snapshot(stored, ["kind", "language", "body"], created=False),
    )  # fmt: skip
    stored.delete()
