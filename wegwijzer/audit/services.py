from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.phrases import Phrase
from wegwijzer.privacy.fields import EncryptedMixin

# Who an entry names when Wegwijzer itself acted (a task, a scheduled run).
SYSTEM = "Wegwijzer"


def record(
    *,
    by: User | None,
    action: Action,
    obj: models.Model,
    label: str = "",
    mobility: Any = None,
    student: Any = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    note: str = "",
    actor_label: str = "",
) -> AuditEntry:
    """Add one entry to the audit trail.

    Values are stored as their raw text (codes, numbers, dates), so a page can show them in
    the reader's language; the label is the object as it was named at that moment, or,
    for a model whose name is a translated phrase, its `audit_label`: a message id that
    the history translates for its reader.
    Someone without an account (a guardian or host company answering through a signed
    link) has no user: `actor_label` then says who it was.
    A note or label that is a sentence with values is a Phrase (audit.phrases): the entry
    keeps its message id and values, for each reader's language.
    """
    actor_label = actor_label or (str(by) if by else SYSTEM)
    label = label or getattr(obj, "audit_label", "") or str(obj)
    texts = {"note": note, "object_label": label, "actor_label": actor_label}
    return AuditEntry.objects.create(
        actor=by,
        actor_label=actor_label[:200],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_id", obj.pk)),
        object_label=label[:300],
        mobility=mobility,
        student=student,
        changes={
            field: _shown_change(obj, field, before, after)
            for field, (before, after) in (changes or {}).items()
        },
        note=note,
        texts={name: text.stored for name, text in texts.items() if isinstance(text, Phrase)},
    )


def changed_fields(
    instance: models.Model, new_values: dict[str, Any]
) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs, as {field: (before, after)}."""
    return {
        field: (getattr(instance, field), value)
        for field, value in new_values.items()
        if getattr(instance, field) != value
    }


# What the trail holds instead of the values of an encrypted field: that it changed.
HIDDEN = "•••"


def _shown_change(obj: models.Model, field: str, before: Any, after: Any) -> list[str]:
    if is_encrypted(obj, field):
        return hide_values(before, after)
    return [_as_text(before), _as_text(after)]


def hide_values(before: Any, after: Any) -> list[str]:
    """A change whose values may not be shown: only whether there was a value."""
    return [HIDDEN if before else "", HIDDEN if after else ""]


def is_encrypted(obj: models.Model, field: str) -> bool:
    """Encrypted values never enter the trail, which is stored in plain text."""
    try:
        return isinstance(obj._meta.get_field(field), EncryptedMixin)
    except FieldDoesNotExist:
        return False


def snapshot(obj: models.Model, fields: list[str], *, created: bool) -> dict[str, tuple[Any, Any]]:
    """The filled-in fields of a new (created=True) or removed object, as changes."""
    values = {name: getattr(obj, name) for name in fields}
    return {
        name: ("", value) if created else (value, "")
        for name, value in values.items()
        if value not in (None, "")
    }


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)
