"""The school's own wording of a kind of message: saved or reset to the default, audited.

A wording form carries the version of the row it was made from (`version_of`: the row's
last change, or "" when it was made from the default). A save or reset over a change its
user has not seen is refused (StaleWordingError) instead of undoing that change.
"""

import enum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.notifications import rendering
from wegwijzer.notifications.kinds import SPECS
from wegwijzer.notifications.models import MessageTemplate

STALE_WORDING = gettext_lazy(
    "Someone else changed this wording since this page was shown, so nothing was saved. "
    "The page now shows what you typed; check the wording and save again if it is still "
    "what you want."
)

ONE_LINE = gettext_lazy("The subject is one line: remove the line breaks.")

FIELDS = ["subject", "body"]


class StaleWordingError(ValidationError):
    """The wording changed since the form that tries to change it was shown."""


class Saved(enum.Enum):
    OWN = "own"  # the school's wording is stored
    DEFAULT = "default"  # the text is the default: no row of the school's is kept
    UNCHANGED = "unchanged"  # the school's wording as it was


def saved_message(saved: Saved) -> str:
    """What the school is told after saving a wording (of a message or an agreement)."""
    if saved is Saved.DEFAULT:
        return _("This is the default wording, so the default applies: nothing of its own is kept.")
    if saved is Saved.UNCHANGED:
        return _("Nothing changed.")
    return _("The school's wording is saved.")


def stored_wording(kind: str, language: str) -> MessageTemplate | None:
    return MessageTemplate.objects.filter(kind=kind, language=language).first()


def version_of(template: MessageTemplate | None) -> str:
    """What a form made from this row (or from the default, None) carries."""
    return template.updated_at.isoformat() if template else ""


def save_wording(
    *, kind: str, language: str, subject: str, body: str, version: str, by: User
) -> Saved:
    """Store the school's subject and body of a kind in a language.

    A text equal to the default stores nothing (and removes the school's row), so a later
    improvement of the default reaches the school. PlaceholderError when a text uses a
    placeholder the kind does not allow, ValidationError when the subject is not one line.
    """
    if "\n" in subject or "\r" in subject:
        raise ValidationError(ONE_LINE, code="newline")
    allowed = SPECS[kind].allowed
    rendering.check(subject, allowed)
    rendering.check(body, allowed)
    with transaction.atomic():
        stored = _locked(kind, language, version)
        if (subject, body) == rendering.default_texts(kind, language):
            if stored is not None:
                _delete(stored, by=by)
            return Saved.DEFAULT
        if stored is None:
            _create(kind=kind, language=language, subject=subject, body=body, by=by)
            return Saved.OWN
        changes = changed_fields(stored, {"subject": subject, "body": body})
        if not changes:
            return Saved.UNCHANGED
        stored.subject, stored.body, stored.updated_by = subject, body, by
        stored.save(update_fields=[*FIELDS, "updated_by", "updated_at"])
        record(by=by, action=Action.CHANGE, obj=stored, changes=changes)
        return Saved.OWN


def reset_wording(*, kind: str, language: str, version: str, by: User) -> bool:
    """Delete the school's wording, so the default applies; False when there was none."""
    with transaction.atomic():
        stored = _locked(kind, language, version)
        if stored is None:
            return False
        _delete(stored, by=by)
        return True


def _locked(kind: str, language: str, version: str) -> MessageTemplate | None:
    """The stored row under lock; StaleWordingError unless it is the one the form saw."""
    stored = (
        MessageTemplate.objects.select_for_update().filter(kind=kind, language=language).first()
    )
    if version_of(stored) != version:
        raise StaleWordingError(STALE_WORDING, code="stale")
    return stored


def _create(*, kind: str, language: str, subject: str, body: str, by: User) -> None:
    try:
        # A row made by someone else at the same moment was not there to lock.
        with transaction.atomic():
            made = MessageTemplate.objects.create(
                kind=kind, language=language, subject=subject, body=body, updated_by=by
            )
    except IntegrityError:
        raise StaleWordingError(STALE_WORDING, code="stale") from None
    record(by=by, action=Action.CREATE, obj=made, changes=snapshot(made, FIELDS, created=True))


def _delete(stored: MessageTemplate, *, by: User) -> None:
    record(
        by=by,
        action=Action.DELETE,
        obj=stored,
        changes=snapshot(stored, FIELDS, created=False),
    )
    stored.delete()
