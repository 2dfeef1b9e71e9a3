"""Everything that changes a mobility, its checklist or its decisions.

Each function takes the acting user as `by`, runs in one transaction and leaves an entry in
the audit trail. Views, commands and tasks call these; nothing else saves these models.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.core.countries import country_name
from wegwijzer.funding.services import MOBILITY_FACTS, recompute_grant
from wegwijzer.mobilities import hooks, lifecycle, rules
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.mobilities.models import (
    ChecklistItem,
    Decision,
    DecisionChoice,
    ItemStatus,
    Mobility,
    Outcome,
    StayExtension,
)
from wegwijzer.notifications.kinds import Kind as MessageKind
from wegwijzer.notifications.services import notify
from wegwijzer.programmes.models import Checker, Step
from wegwijzer.programmes.services import template_for
from wegwijzer.students.models import Student
from wegwijzer.travel.services import departure_blocked_by


class StaleItemError(ValidationError):
    """The item changed since the form that tries to change it was shown."""


class StaleMobilityError(ValidationError):
    """The mobility changed since the form that tries to change it was shown."""


STALE_MOBILITY = gettext_lazy(
    "This stay changed since this page was shown. Check its new state and try again."
)


def locked(mobility: Mobility, *, version: int | None) -> Mobility:
    """The mobility as stored, locked for the rest of the transaction (select_for_update),
    so concurrent changes of one stay are made one after the other.

    A form carries the version it was made from: when the stored one differs, someone
    (or a repeated post) changed the stay since, and nothing is changed. `version=None`
    is for callers without a form (tasks, commands), which act on the stay as it is.
    """
    stored = Mobility.objects.select_for_update().select_related("student").get(pk=mobility.pk)
    if version is not None and stored.version != version:
        raise StaleMobilityError(STALE_MOBILITY)
    return stored


# Mobility life cycle


@transaction.atomic
def create_mobility(*, by: User, student: Student, **facts: Any) -> Mobility:
    """Open a new mobility for a student, with its checklist made from the template."""
    mobility = Mobility.objects.create(student=student, **facts)
    record(by=by, action=Action.CREATE, obj=mobility, mobility=mobility, student=student)
    sync_checklist(mobility, by=by)
    return mobility


@transaction.atomic
def update_mobility(
    mobility: Mobility, *, by: User, version: int | None, changes: dict[str, Any]
) -> Mobility:
    """Change the facts of a mobility; a changed fact the checklist reads re-evaluates it.

    `version` is the one the edit form was made from (StaleMobilityError when the stay
    changed since); `None` for callers without a form.
    """
    stored = locked(mobility, version=version)
    diff = changed_fields(stored, changes)
    if not diff:
        return stored
    for field, value in changes.items():
        setattr(stored, field, value)
    stored.version += 1
    stored.save(update_fields=[*diff, "version", "updated_at"])
    record(
        by=by, action=Action.CHANGE, obj=stored, mobility=stored, student=stored.student,
        changes=diff,
    )  # fmt: skip
    if rules.CHECKLIST_FACTS & diff.keys():
        sync_checklist(stored, by=by)
    if MOBILITY_FACTS & diff.keys():
        recompute_grant(stored, by=by)
    hooks.dates_changed(stored, diff.keys())
    hooks.facts_changed(stored)
    return stored


def sync_checklist(mobility: Mobility, *, by: User | None) -> None:
    """Bring the checklist in line with the template and the facts of the mobility.

    Items that now apply and do not exist yet are made; items that no longer apply are
    marked so, keeping whatever was done on them; every due date follows the dates.
    """
    existing = {item.template_item_id: item for item in mobility.items.all()}
    in_template: set[int] = set()
    new_items = []
    for effective in template_for(mobility.student.programme):
        template = effective.template_item
        in_template.add(template.pk)
        applies = rules.applies(template.condition, mobility)
        due = rules.due_date(template.anchor, effective.offset_days, mobility)
        item = existing.get(template.pk)
        if item is None:
            if applies:
                new_items.append(item_from_template(mobility, template, due))
            continue
        _update_item_facts(item, applies=applies, due=due, by=by)
    for template_id, item in existing.items():
        if template_id not in in_template:
            _update_item_facts(item, applies=False, due=item.due_date, by=by)
    ChecklistItem.objects.bulk_create(new_items)
    if new_items and existing:
        for item in new_items:
            record(by=by, action=Action.CREATE, obj=item, label=item.title, mobility=mobility)


def item_from_template(mobility: Mobility, template: Any, due: datetime.date) -> ChecklistItem:
    """A new, unsaved item of the stay made from a template item, due on `due`: what the
    checklist sync adds (and the benchmark generator writes in bulk)."""
    return ChecklistItem(
        mobility=mobility,
        template_item=template,
        step=template.step,
        position=template.position,
        title=template.title,
        description=template.description,
        owners=template.owners,
        required=template.required,
        checker=template.checker,
        due_date=due,
    )


def _update_item_facts(
    item: ChecklistItem, *, applies: bool, due: datetime.date, by: User | None
) -> None:
    changed = []
    if item.applicable != applies:
        item.applicable = applies
        changed.append("applicable")
        action = Action.APPLICABLE if applies else Action.NOT_APPLICABLE
        record(by=by, action=action, obj=item, label=item.title, mobility=item.mobility)
    if item.due_date != due:
        item.due_date = due
        changed.append("due_date")
    if changed:
        item.version += 1
        item.save(update_fields=[*changed, "version"])


# Checklist items


@transaction.atomic
def complete_item(
    item: ChecklistItem,
    *,
    by: User | None,
    version: int,
    done_on: datetime.date,
    note: str = "",
    actor_label: str = "",
    for_check: bool = False,
) -> ChecklistItem:
    """Mark an item done on a day, with an optional note.

    An item the school checks (`item.checker`) marked by someone who may not check it (the
    student, usually with a document) waits for the check instead (TO_CHECK): the checker
    accepts it or sends it back. `for_check` sends it there whoever marks it, for an item
    marked on the user's behalf (a budget with costs and income); the school never checks
    its own work unasked. A guardian or host company answering through a signed link has
    no account: `by` is then None, `actor_label` names them in the audit trail, and the
    answer given through the link is the evidence, so the item is done.
    """
    waits = _waits_for_check(item, by=by, for_check=for_check)
    changed = _change_item(
        item, by=by, version=version, note=note, actor_label=actor_label,
        action=Action.SUBMIT_FOR_CHECK if waits else Action.COMPLETE,
        status=ItemStatus.TO_CHECK if waits else ItemStatus.DONE,
        done_on=done_on, waived_reason="", returned_reason="",
    )  # fmt: skip
    if waits:
        _tell_checkers(changed, by=by)
    return changed


def checkers_of(item: ChecklistItem) -> list[User]:
    """Who is told that the item waits for a check: the stay's supervisor for an item the
    supervisor checks (every coordinator when the stay has none who can be told), the
    coordinators for theirs."""
    mobility = item.mobility
    supervisor = mobility.supervisor
    if item.checker == Checker.SUPERVISOR and supervisor is not None and supervisor.is_active:
        return [supervisor]
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True))


def _tell_checkers(item: ChecklistItem, *, by: User | None) -> None:
    mobility = item.mobility
    student = mobility.student.full_name

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {"student": student, "item": _(item.title)}

    notify(
        MessageKind.TO_CHECK, [user for user in checkers_of(item) if user != by],
        values=values, mobility=mobility,
        path=reverse("mobilities:detail", args=[mobility.public_id]) + f"#item-{item.public_id}",
        dedupe_key=f"to-check:{item.pk}:{item.version}",
    )  # fmt: skip


def _waits_for_check(item: ChecklistItem, *, by: User | None, for_check: bool) -> bool:
    if by is None or not item.checker:
        return False
    return for_check or not access.can_check_item(by, item)


@transaction.atomic
def add_item_note(
    item: ChecklistItem, *, by: User | None, version: int, note: str, actor_label: str = ""
) -> ChecklistItem:
    """Add a line to an item's note without changing its status, e.g. a refused consent."""
    stored = ChecklistItem.objects.get(pk=item.pk)
    combined = f"{stored.note}\n{note}" if stored.note else note
    return _change_item(
        item, by=by, version=version, action=Action.CHANGE, actor_label=actor_label,
        note=note, text=combined,
    )  # fmt: skip


@transaction.atomic
def waive_item(item: ChecklistItem, *, by: User, version: int, reason: str) -> ChecklistItem:
    """Settle an item without doing it; the reason is required and kept."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for waiving this item."))
    return _change_item(
        item, by=by, version=version, action=Action.WAIVE, note=reason,
        status=ItemStatus.WAIVED, waived_reason=reason, done_on=None, returned_reason="",
    )  # fmt: skip


@transaction.atomic
def reopen_item(
    item: ChecklistItem,
    *,
    by: User | None,
    version: int,
    note: str = "",
    actor_label: str = "",
) -> ChecklistItem:
    """Put a done, waived or waiting item back on the to-do list; its note stays. `by` is
    None when Wegwijzer itself reopens it (an agreement that settled it is outdated), with
    `actor_label` and `note` saying why in the history."""
    return _change_item(
        item, by=by, version=version, action=Action.REOPEN, note=note, actor_label=actor_label,
        status=ItemStatus.OPEN, done_on=None, waived_reason="",
    )  # fmt: skip


@transaction.atomic
def accept_item(item: ChecklistItem, *, by: User, version: int) -> ChecklistItem:
    """The school's check: an item waiting for it is done, as it was marked."""
    _require_check(item, by=by)
    return _change_item(
        item, by=by, version=version, action=Action.ACCEPT, status=ItemStatus.DONE,
    )  # fmt: skip


@transaction.atomic
def send_back_item(item: ChecklistItem, *, by: User, version: int, reason: str) -> ChecklistItem:
    """The school's check: an item waiting for it is open again, with the reason, which
    whoever sees the item reads until it is marked done again. Note and documents stay."""
    _require_check(item, by=by)
    if not reason.strip():
        raise ValidationError(_("Give a reason for sending it back: the student reads it."))
    return _change_item(
        item, by=by, version=version, action=Action.SEND_BACK, note=reason.strip(),
        status=ItemStatus.OPEN, done_on=None, returned_reason=reason.strip(),
    )  # fmt: skip


def _require_check(item: ChecklistItem, *, by: User) -> None:
    if not access.can_check_item(by, item):
        raise ValidationError(_("You may not check this item."))
    if item.status != ItemStatus.TO_CHECK:
        raise ValidationError(_("This item is not waiting for a check (any more)."))


def _change_item(
    item: ChecklistItem,
    *,
    by: User | None,
    version: int,
    action: Action,
    note: str = "",
    actor_label: str = "",
    text: str | None = None,
    **values: Any,
) -> ChecklistItem:
    if not item.applicable:
        raise ValidationError(_("This item no longer applies to this mobility."))
    if not item.mobility.is_open:
        raise ValidationError(_("This mobility is closed; its checklist can only be read."))
    before = ChecklistItem.objects.filter(pk=item.pk).values_list("status", flat=True).first()
    if action in (Action.COMPLETE, Action.SUBMIT_FOR_CHECK):
        values["note"] = note
    if text is not None:
        values["note"] = text
    updated = ChecklistItem.objects.filter(pk=item.pk, version=version).update(
        **values, version=F("version") + 1, changed_by=by, changed_at=timezone.now()
    )
    if not updated:
        raise StaleItemError(
            _("Someone else changed this item a moment ago. Check its new state and try again.")
        )
    item.refresh_from_db()
    record(
        by=by, action=action, obj=item, label=item.title, mobility=item.mobility,
        changes={} if text is not None else {"status": (before, item.status)}, note=note,
        actor_label=actor_label,
    )  # fmt: skip
    return item


# Steps, decisions and outcomes
#
# Each move locks the stay (locked: select_for_update, and the version the form was made
# from), asks mobilities.lifecycle whether it may happen now, changes the stay, raises its
# version by one and leaves one audit entry. `version=None` is for callers without a form.


# The items that keep a mobility in a step: one rule, the lifecycle's.
open_required_items = lifecycle.open_required_items


def _take(mobility: Mobility, move: Move, *, by: User, version: int | None) -> Mobility:
    """The stay as stored, locked, after lifecycle agreed to the move."""
    stored = locked(mobility, version=version)
    if not lifecycle.may(by, move, stored):
        raise PermissionDenied
    reason = lifecycle.why_not(move, stored, user=by, today=timezone.localdate())
    if reason:
        raise ValidationError(reason)
    return stored


def _save(stored: Mobility, caller: Mobility, fields: list[str]) -> None:
    """Save the changed fields with the next version, and let the caller's copy follow."""
    stored.version += 1
    stored.save(update_fields=[*fields, "version", "updated_at"])
    for name in [*LIFECYCLE_FIELDS, "version", "updated_at"]:
        setattr(caller, name, getattr(stored, name))
    hooks.dates_changed(stored, fields)


LIFECYCLE_FIELDS = [
    "step", "outcome", "outcome_reason", "outcome_date", "actual_departure_date",
    "actual_return_date",
]  # fmt: skip


def _override_needed(stored: Mobility, override_reason: str) -> None:
    """Open required items block moving on unless a reason is given, which is kept."""
    open_count = lifecycle.open_required_count(stored)
    if open_count and not override_reason.strip():
        raise ValidationError(
            ngettext(
                "%(count)d required item of this step is still open. "
                "Give a reason to move on anyway.",
                "%(count)d required items of this step are still open. "
                "Give a reason to move on anyway.",
                open_count,
            )
            % {"count": open_count}
        )


@transaction.atomic
def advance_step(
    mobility: Mobility, *, by: User, override_reason: str = "", version: int | None = None
) -> Mobility:
    """Move on to the next step: 1 to 2, 2 to 3 after a go, 4 to 5 from the return day.

    Leaving step 3 is the departure (depart), leaving step 5 the completion (complete).
    """
    stored = _take(mobility, Move.ADVANCE, by=by, version=version)
    _override_needed(stored, override_reason)
    _step_on(stored, mobility, by=by, override_reason=override_reason)
    return stored


def _step_on(stored: Mobility, caller: Mobility, *, by: User, override_reason: str) -> None:
    changes: dict[str, tuple[Any, Any]] = {"step": (stored.step, stored.step + 1)}
    if stored.step + 1 == Step.PREPARATION:
        changes.update(_travel_override(stored, override_reason))
    stored.step += 1
    _save(stored, caller, ["step"])
    record(
        by=by, action=Action.ADVANCE, obj=stored, mobility=stored, student=stored.student,
        changes=changes, note=override_reason,
    )  # fmt: skip


@transaction.atomic
def depart(
    mobility: Mobility,
    *,
    by: User,
    on: datetime.date,
    override_reason: str = "",
    version: int | None = None,
) -> Mobility:
    """The student left: step 3 to 4, from the planned departure day, with the actual day."""
    stored = _take(mobility, Move.DEPART, by=by, version=version)
    if problem := lifecycle.departure_day_error(stored, on, timezone.localdate()):
        raise ValidationError(problem)
    _override_needed(stored, override_reason)
    stored.step = Step.ABROAD
    stored.actual_departure_date = on
    _save(stored, mobility, ["step", "actual_departure_date"])
    record(
        by=by, action=Action.ADVANCE, obj=stored, mobility=stored, student=stored.student,
        changes={"step": (Step.PREPARATION, Step.ABROAD), "actual_departure_date": (None, on)},
        note=override_reason,
    )  # fmt: skip
    # Days abroad count from the actual departure.
    recompute_grant(stored, by=by)
    return stored


def _travel_override(mobility: Mobility, override_reason: str) -> dict[str, tuple[Any, Any]]:
    """Preparing a departure to a country at or above the school's travel advice threshold
    needs a reason; the trail keeps the colour that was overridden."""
    country = departure_blocked_by(mobility.destination_country)
    if country is None:
        return {}
    if not override_reason.strip():
        raise ValidationError(
            _(
                "The travel advice for %(country)s is %(colour)s. "
                "Give a reason to prepare the departure anyway."
            )
            % {"country": country, "colour": country.colour_label}
        )
    return {"travel_advice_override": ("", country.colour_name)}


@transaction.atomic
def move_back(
    mobility: Mobility, *, by: User, reason: str = "", version: int | None = None
) -> Mobility:
    """Return to the previous step; nothing done is undone."""
    stored = _take(mobility, Move.MOVE_BACK, by=by, version=version)
    old_step = stored.step
    stored.step = old_step - 1
    _save(stored, mobility, ["step"])
    record(
        by=by, action=Action.MOVE_BACK, obj=stored, mobility=stored, student=stored.student,
        changes={"step": (old_step, stored.step)}, note=reason,
    )  # fmt: skip
    return stored


@transaction.atomic
def record_decision(
    mobility: Mobility,
    *,
    by: User,
    decision: str,
    reason: str,
    decided_on: datetime.date,
    override_reason: str = "",
    version: int | None = None,
) -> Decision:
    """Record the go/no-go. A go moves the mobility to preparation; a no-go ends it."""
    stored = _take(mobility, Move.DECIDE, by=by, version=version)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    if problem := lifecycle.decision_day_error(stored, decided_on, timezone.localdate()):
        raise ValidationError(problem)
    if decision == DecisionChoice.GO:
        _override_needed(stored, override_reason)
    recorded = Decision.objects.create(
        mobility=stored, decision=decision, decided_by=by, decided_on=decided_on, reason=reason
    )
    record(
        by=by, action=Action.DECIDE, obj=recorded,
        label=Phrase.label(DecisionChoice(decision).label),
        mobility=stored, student=stored.student, note=reason,
    )  # fmt: skip
    if decision == DecisionChoice.NO_GO:
        _close(stored, mobility, by=by, outcome=Outcome.NOT_GOING, reason=reason, on=decided_on)
        _tell_stopped(stored, by=by)
    else:
        _step_on(stored, mobility, by=by, override_reason=override_reason)
    return recorded


@transaction.atomic
def cancel_mobility(
    mobility: Mobility, *, by: User, reason: str, on: datetime.date, version: int | None = None
) -> Mobility:
    """End a mobility before departure (steps 1-3, the student has not left)."""
    stored = _take(mobility, Move.CANCEL, by=by, version=version)
    if problem := lifecycle.cancel_day_error(stored, on, timezone.localdate()):
        raise ValidationError(problem)
    return _close(stored, mobility, by=by, outcome=Outcome.CANCELLED, reason=reason, on=on)


@transaction.atomic
def break_off(
    mobility: Mobility, *, by: User, reason: str, on: datetime.date, version: int | None = None
) -> Mobility:
    """End a stay abroad early, on a day from the departure up to today, which becomes the
    actual return."""
    stored = _take(mobility, Move.BREAK_OFF, by=by, version=version)
    if problem := lifecycle.break_off_day_error(stored, on, timezone.localdate()):
        raise ValidationError(problem)
    stored.actual_return_date = on
    closed = _close(stored, mobility, by=by, outcome=Outcome.BROKEN_OFF, reason=reason, on=on)
    _tell_stopped(stored, by=by)
    return closed


def destination_of(mobility: Mobility) -> str:
    """Where a stay is, in the active language, for a message: "Valencia, Spanje"."""
    return f"{mobility.destination_city}, {country_name(mobility.destination_country)}"


def _tell_stopped(stored: Mobility, *, by: User) -> None:
    """A no-go or a break-off: the stay's supervisor and the student's mentor hear of it,
    not whoever made the move. The reason stays on the stay's page."""
    student = stored.student
    told = [user for user in (stored.supervisor, student.mentor) if user and user != by]

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {
                "student": student.full_name,
                "destination": destination_of(stored),
                "outcome": str(Outcome(stored.outcome).label),
            }

    notify(
        MessageKind.STAY_STOPPED, told, values=values, mobility=stored,
        path=reverse("mobilities:detail", args=[stored.public_id]),
        dedupe_key=f"stay-stopped:{stored.pk}:{stored.version}",
    )  # fmt: skip


@transaction.atomic
def complete(
    mobility: Mobility,
    *,
    by: User,
    on: datetime.date,
    override_reason: str = "",
    version: int | None = None,
) -> Mobility:
    """Close a stay in step 5 as completed, from its return day, with the actual return."""
    stored = _take(mobility, Move.COMPLETE, by=by, version=version)
    if problem := lifecycle.return_day_error(stored, on, timezone.localdate()):
        raise ValidationError(problem)
    _override_needed(stored, override_reason)
    stored.actual_return_date = on
    return _close(
        stored, mobility, by=by, outcome=Outcome.COMPLETED, reason=override_reason,
        on=timezone.localdate(),
    )  # fmt: skip


def _close(
    stored: Mobility,
    caller: Mobility,
    *,
    by: User,
    outcome: Outcome,
    reason: str,
    on: datetime.date,
) -> Mobility:
    if outcome != Outcome.COMPLETED and not reason.strip():
        raise ValidationError(_("Give a reason."))
    stored.outcome = outcome
    stored.outcome_reason = reason
    stored.outcome_date = on
    _save(stored, caller, ["outcome", "outcome_reason", "outcome_date", "actual_return_date"])
    record(
        by=by, action=Action.CLOSE, obj=stored, mobility=stored, student=stored.student,
        changes={"outcome": ("", outcome.value)}, note=reason,
    )  # fmt: skip
    # A stay broken off early, or ended on another day, has fewer or more funded days.
    recompute_grant(stored, by=by)
    return stored


@transaction.atomic
def reopen(mobility: Mobility, *, by: User, reason: str, version: int | None = None) -> Mobility:
    """Open a closed stay again (a coordinator, with a reason), as if it had not ended.

    A no-go returns to step 2 (its decision stays in the record, a new one is needed); a
    cancelled stay to the step it was in; a broken-off or completed one to its step 4 or 5,
    without its actual return (the actual departure is kept). Totals, payments and
    who-is-where read the outcome and the dates, so they follow.
    """
    stored = _take(mobility, Move.REOPEN, by=by, version=version)
    if not reason.strip():
        raise ValidationError(_("Give a reason to reopen the stay."))
    changes: dict[str, tuple[Any, Any]] = {"outcome": (stored.outcome, "")}
    step = lifecycle.reopened_step(stored)
    if step != stored.step:
        changes["step"] = (stored.step, step)
    if stored.outcome in (Outcome.COMPLETED, Outcome.BROKEN_OFF) and stored.actual_return_date:
        changes["actual_return_date"] = (stored.actual_return_date, None)
        stored.actual_return_date = None
    stored.step = step
    stored.outcome = Outcome.IN_PROGRESS
    stored.outcome_reason = ""
    stored.outcome_date = None
    _save(stored, mobility, LIFECYCLE_FIELDS)
    record(
        by=by, action=Action.REOPEN, obj=stored, mobility=stored, student=stored.student,
        changes=changes, note=reason,
    )  # fmt: skip
    recompute_grant(stored, by=by)
    return stored


@transaction.atomic
def extend_stay(
    mobility: Mobility,
    *,
    by: User,
    new_return: datetime.date,
    reason: str,
    version: int | None = None,
) -> StayExtension:
    """A stay abroad lasts longer: the planned return moves to a later day, with the reason.

    The stay is marked extended, so the checklist asks for a visa, insurance and permits
    for the new dates (the "extended" condition); the due dates that hang on the return
    follow it, and the grant is computed again for the longer stay.
    """
    stored = _take(mobility, Move.EXTEND, by=by, version=version)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if problem := lifecycle.extension_day_error(stored, new_return, timezone.localdate()):
        raise ValidationError(problem)
    previous = stored.return_date
    changes: dict[str, tuple[Any, Any]] = {"return_date": (previous, new_return)}
    if not stored.extended:
        changes["extended"] = (False, True)
    stored.return_date = new_return
    stored.extended = True
    _save(stored, mobility, ["return_date", "extended"])
    mobility.return_date, mobility.extended = new_return, True
    extension = StayExtension.objects.create(
        mobility=stored, previous_return=previous, new_return=new_return,
        reason=reason.strip(), extended_by=by,
    )  # fmt: skip
    record(
        by=by, action=Action.CHANGE, obj=stored, mobility=stored, student=stored.student,
        changes=changes, note=reason.strip(),
    )  # fmt: skip
    sync_checklist(stored, by=by)
    recompute_grant(stored, by=by)
    hooks.facts_changed(stored)
    _tell_extended(stored, by=by)
    return extension


def _tell_extended(stored: Mobility, *, by: User) -> None:
    """The student and the stay's supervisor hear of the new return, not whoever set it."""
    student = stored.student
    told = [user for user in (student.user, stored.supervisor) if user and user != by]

    def values(user: User) -> dict[str, object]:
        with translation.override(user.language):
            return {
                "student": student.full_name,
                "destination": destination_of(stored),
                "date": date_format(stored.return_date, "DATE_FORMAT"),
            }

    notify(
        MessageKind.STAY_EXTENDED, told, values=values, mobility=stored,
        path=reverse("mobilities:detail", args=[stored.public_id]),
        dedupe_key=f"stay-extended:{stored.pk}:{stored.version}",
    )  # fmt: skip
