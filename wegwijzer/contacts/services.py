"""The contact agreement and the contact log: every change goes through here, in one
transaction with one audit entry each.

The audit trail never holds what was said (how the student is doing, concerns, actions):
the history is read by the mentor and the student too, so it records that a text was
written, not the text (audit.services.hide_values).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, hide_values, record
from wegwijzer.contacts import planning
from wegwijzer.contacts.models import Channel, ContactAgreement, ContactEntry, Participant
from wegwijzer.contacts.wellbeing import entry_flags
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.services import notify

AGREEMENT_ITEM = "abroad-contact-agreement"
AGREEMENT_FIELDS = [
    "first_weeks", "first_every_days", "then_every_days", "channel", "participants", "note",
]  # fmt: skip
# Entry fields the trail shows as values; the texts only as "written".
ENTRY_FIELDS = ["held_on", "channel", "participants", "wellbeing", "homesick", "actions_by",
                "wants_contact", "confidential"]  # fmt: skip
ENTRY_TEXTS = ["how_doing", "concerns", "actions"]

STALE_AGREEMENT = gettext_lazy(
    "The contact agreement changed since this page was shown. Check it and try again."
)
STALE_LOG = gettext_lazy(
    "A contact was logged for this stay since this page was shown (perhaps a second click). "
    "Check the log before you log it again."
)


class StaleContactError(ValidationError):
    """The agreement or the log changed since the form was shown."""


@transaction.atomic
def set_agreement(mobility: Mobility, *, by: User, version: int, **facts: Any) -> ContactAgreement:
    """Make or change the stay's contact agreement and plan its moments anew.

    `version` is the agreement's version the form showed (0 when there was none yet).
    Saving it marks the checklist item "Contact agreement made" done when it is open.
    """
    stored = mobility_services.locked(mobility, version=None)
    agreement = ContactAgreement.objects.filter(mobility=stored).first()
    if (agreement.version if agreement else 0) != version:
        raise StaleContactError(STALE_AGREEMENT)
    if agreement is None:
        agreement = ContactAgreement.objects.create(mobility=stored, set_by=by, version=1, **facts)
        changes = {name: ("", getattr(agreement, name)) for name in AGREEMENT_FIELDS}
        action = Action.CREATE
    else:
        changes = changed_fields(agreement, facts)
        if not changes:
            return agreement
        for name, value in facts.items():
            setattr(agreement, name, value)
        agreement.set_by = by
        agreement.version += 1
        agreement.save()
        action = Action.CHANGE
    record(
        by=by, action=action, obj=agreement, mobility=stored, student=stored.student,
        changes=_listed(changes),
    )  # fmt: skip
    planning.replan(stored)
    _agreement_item_done(stored, by=by)
    return agreement


def _listed(changes: dict[str, Any]) -> dict[str, Any]:
    """Who took part as the trail shows it: "supervisor, student", not a Python list."""
    return {
        name: tuple(", ".join(v) if isinstance(v, list) else v for v in values)
        for name, values in changes.items()
    }


def _agreement_item_done(mobility: Mobility, *, by: User) -> None:
    item = mobility.items.filter(
        template_item__key=AGREEMENT_ITEM, applicable=True, status=ItemStatus.OPEN
    ).first()
    if item is None:
        return
    item.mobility = mobility
    mobility_services.complete_item(
        item, by=by, version=item.version, done_on=timezone.localdate(), note=item.note
    )


def newest_entry_id(mobility: Mobility, *, author: User | None = None) -> str:
    """What a log form carries: the newest entry when it was shown ("" for none); for a
    student's check-in the newest of their own, so a contact staff log meanwhile does not
    refuse it."""
    entries = mobility.contact_entries.all()
    if author is not None:
        entries = entries.filter(author=author)
    newest = entries.order_by("-created_at", "-pk").values("public_id").first()
    return str(newest["public_id"]) if newest else ""


@transaction.atomic
def log_contact(
    mobility: Mobility,
    *,
    by: User,
    newest: str,
    held_on: datetime.date,
    channel: str,
    participants: list[str],
    wellbeing: int | None = None,
    how_doing: str = "",
    homesick: bool = False,
    concerns: str = "",
    actions: str = "",
    actions_by: datetime.date | None = None,
    wants_contact: bool = False,
    confidential: bool = False,
    own: bool = False,
) -> ContactEntry:
    """Log a contact; it fulfils the planned moment whose window holds its date.

    `newest` is the newest entry the form knew of (newest_entry_id): when another was
    logged since (a double click, a colleague), nothing is logged; with `own` only the
    author's own entries count (a student's check-in). A contact that flags the
    stay (contacts.wellbeing) tells the coordinators and the stay's supervisor, once.
    """
    stored = mobility_services.locked(mobility, version=None)
    if newest_entry_id(stored, author=by if own else None) != newest:
        raise StaleContactError(STALE_LOG)
    entry = ContactEntry(
        mobility=stored, author=by, held_on=held_on, channel=channel,
        participants=participants, wellbeing=wellbeing, how_doing=how_doing,
        homesick=homesick, concerns=concerns, actions=actions, actions_by=actions_by,
        wants_contact=wants_contact, confidential=confidential,
    )  # fmt: skip
    entry.full_clean(exclude=["mobility", "author"])
    entry.save()
    entry.flags = entry_flags(entry)
    if entry.flags:
        entry.save(update_fields=["flags"])
    planning.fulfil(entry)
    changes: dict[str, Any] = {
        name: ("", getattr(entry, name))
        for name in ENTRY_FIELDS
        if getattr(entry, name) not in (None, "", [], False)
    }
    for name in ENTRY_TEXTS:
        if getattr(entry, name):
            changes[name] = tuple(hide_values("", getattr(entry, name)))
    record(
        by=by, action=Action.CREATE, obj=entry, mobility=stored, student=stored.student,
        changes=_listed(changes),
    )  # fmt: skip
    if entry.flags:
        _tell_low(entry, stored, by=by)
    return entry


def check_in(
    mobility: Mobility,
    *,
    by: User,
    newest: str,
    wellbeing: int,
    how_doing: str = "",
    wants_contact: bool = False,
) -> ContactEntry:
    """The student's own check-in from their home page: today, with a wellbeing score.
    "I'd like contact" tells the stay's supervisor (the coordinators when it has none)."""
    entry = log_contact(
        mobility, by=by, newest=newest, held_on=timezone.localdate(), channel=Channel.CHECK_IN,
        participants=[Participant.STUDENT], wellbeing=wellbeing, how_doing=how_doing,
        wants_contact=wants_contact, own=True,
    )  # fmt: skip
    if wants_contact:
        _tell(Kind.CONTACT_REQUESTED, entry, mobility, _contact_persons(mobility))
    return entry


def _contact_persons(mobility: Mobility) -> list[User]:
    supervisor = mobility.supervisor
    if supervisor is not None and supervisor.is_active:
        return [supervisor]
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True))


def _tell_low(entry: ContactEntry, mobility: Mobility, *, by: User) -> None:
    """The coordinators and the stay's supervisor; the score only, what was said stays
    behind the login. Not whoever logged it."""
    users = list(User.objects.filter(role=Role.COORDINATOR, is_active=True))
    if mobility.supervisor_id:
        users += list(User.objects.filter(pk=mobility.supervisor_id))
    _tell(Kind.WELLBEING_LOW, entry, mobility, [user for user in users if user.pk != by.pk])


def _tell(kind: Kind, entry: ContactEntry, mobility: Mobility, users: list[User]) -> None:
    """One notification per person and entry, linking to the stay's contact log."""

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {
                "student": mobility.student.full_name,
                "destination": mobility_services.destination_of(mobility),
                "score": entry.wellbeing,
            }

    notify(
        kind, users, values=values, mobility=mobility,
        path=reverse("contacts:log", args=[mobility.public_id]),
        dedupe_key=f"{kind}:{entry.pk}",
    )  # fmt: skip
