from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.core.tasks import enqueue_on_commit
from wegwijzer.programmes.models import Programme, ProgrammeItemSetting, TemplateItem


@dataclass(frozen=True)
class EffectiveItem:
    """A template item as it applies to one programme, with the programme's own due offset."""

    template_item: TemplateItem
    offset_days: int


def template_for(programme: Programme) -> list[EffectiveItem]:
    """The checklist template of a programme: the school's default items, less the ones the
    programme switched off, with its own due offsets, plus the programme's own items."""
    settings = {
        setting.template_item_id: setting
        for setting in ProgrammeItemSetting.objects.filter(programme=programme)
    }
    items = TemplateItem.objects.filter(Q(programme=None) | Q(programme=programme))
    effective = []
    for item in items:
        setting = settings.get(item.pk)
        if setting and not setting.enabled and not item.required:
            continue
        offset = setting.offset_days if setting and setting.offset_days is not None else None
        effective.append(EffectiveItem(item, item.offset_days if offset is None else offset))
    return effective


# Programmes and their checklist template.
#
# Each function takes the acting user as `by`, runs in one transaction and leaves an entry in
# the audit trail. A change to a template re-evaluates the checklists of the programme's open
# mobilities in a background task, once the change is committed.


def template_items(programme: Programme) -> QuerySet[TemplateItem]:
    """Every item that can be on the programme's checklists: the school's and its own."""
    return TemplateItem.objects.filter(Q(programme=None) | Q(programme=programme))


@transaction.atomic
def create_programme(*, by: User, **facts: Any) -> Programme:
    programme = Programme.objects.create(**facts)
    record(by=by, action=Action.CREATE, obj=programme)
    return programme


@transaction.atomic
def update_programme(programme: Programme, *, by: User, changes: dict[str, Any]) -> Programme:
    stored = Programme.objects.select_for_update().get(pk=programme.pk)
    diff = changed_fields(stored, changes)
    if not diff:
        return stored
    for name in diff:
        setattr(stored, name, changes[name])
    stored.save(update_fields=list(diff))
    record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
    return stored


@dataclass(frozen=True)
class ItemAdjustment:
    """A programme's wish for one default item: whether it is used, and its due offset."""

    template_item: TemplateItem
    enabled: bool
    offset_days: int


@transaction.atomic
def adjust_default_items(
    programme: Programme, *, by: User, adjustments: Iterable[ItemAdjustment]
) -> int:
    """Switch optional default items off or on and move due dates for one programme.

    Returns how many items changed. A required item cannot be switched off.
    """
    settings = {setting.template_item_id: setting for setting in programme.item_settings.all()}
    changed = 0
    for adjustment in adjustments:
        setting = settings.get(adjustment.template_item.pk)
        changed += _adjust_default_item(programme, setting, adjustment, by=by)
    if changed:
        sync_programme_later(programme, by=by)
    return changed


def _adjust_default_item(
    programme: Programme,
    setting: ProgrammeItemSetting | None,
    adjustment: ItemAdjustment,
    *,
    by: User,
) -> bool:
    item = adjustment.template_item
    if item.programme_id is not None:
        raise ValueError("Only the school's default items have per-programme settings.")
    if item.required and not adjustment.enabled:
        raise ValidationError(_("A required item cannot be switched off."))
    before = (True, item.offset_days)
    if setting:
        before = (setting.enabled, _effective_offset(item, setting))
    after = (adjustment.enabled, adjustment.offset_days)
    if before == after:
        return False
    # The school's own offset is not copied, so the item follows it while not moved here.
    offset = None if adjustment.offset_days == item.offset_days else adjustment.offset_days
    stored, _created = ProgrammeItemSetting.objects.update_or_create(
        programme=programme,
        template_item=item,
        defaults={"enabled": adjustment.enabled, "offset_days": offset},
    )
    names = ("enabled", "offset_days")
    diff = {
        name: (old, new) for name, old, new in zip(names, before, after, strict=True) if old != new
    }
    label = f"{programme}: {item.title}"
    record(by=by, action=Action.CHANGE, obj=stored, label=label, changes=diff)
    return True


def _effective_offset(item: TemplateItem, setting: ProgrammeItemSetting) -> int:
    return item.offset_days if setting.offset_days is None else setting.offset_days


@transaction.atomic
def add_own_item(programme: Programme, *, by: User, **values: Any) -> TemplateItem:
    """Add an item of the programme's own to its template, at the end of its step."""
    item = TemplateItem.objects.create(
        programme=programme,
        key=f"{programme.qualification_code}-{uuid4().hex[:8]}",
        position=_next_position(values["step"]),
        **values,
    )
    record(by=by, action=Action.CREATE, obj=item, label=f"{programme}: {item.title}")
    sync_programme_later(programme, by=by)
    return item


@transaction.atomic
def change_own_item(item: TemplateItem, *, by: User, changes: dict[str, Any]) -> TemplateItem:
    """Change an item of a programme's own. Checklists already made keep their wording."""
    stored = TemplateItem.objects.select_for_update().get(pk=item.pk)
    diff = changed_fields(stored, changes)
    if not diff:
        return stored
    for name in diff:
        setattr(stored, name, changes[name])
    if "step" in diff:
        stored.position = _next_position(stored.step)
    stored.save(update_fields=[*diff, "position"])
    programme = stored.programme
    record(by=by, action=Action.CHANGE, obj=stored, label=f"{programme}: {stored}", changes=diff)
    if programme is not None:
        sync_programme_later(programme, by=by)
    return stored


@transaction.atomic
def remove_own_item(item: TemplateItem, *, by: User) -> None:
    """Remove an item of a programme's own, unless a checklist already holds it."""
    in_use = item.checklist_items.count()
    if in_use:
        raise ValidationError(
            ngettext(
                "“%(title)s” is on the checklist of %(count)d mobility, so it cannot be "
                "removed. Make it optional or change it instead.",
                "“%(title)s” is on the checklists of %(count)d mobilities, so it cannot be "
                "removed. Make it optional or change it instead.",
                in_use,
            )
            % {"title": item.title, "count": in_use}
        )
    programme = item.programme
    # Recorded first: once deleted, the item has no id left to name in the trail.
    record(by=by, action=Action.DELETE, obj=item, label=f"{programme}: {item.title}")
    item.delete()


def _next_position(step: int) -> int:
    last = TemplateItem.objects.filter(step=step).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def sync_programme_later(programme: Programme, *, by: User | None) -> None:
    """Have the task worker re-evaluate the programme's open mobilities after the commit.

    The task lives with the mobilities it changes and is named by its path: programmes sits
    below mobilities and does not import it."""
    enqueue_on_commit(
        "wegwijzer.mobilities.tasks.sync_programme_checklists",
        programme_id=programme.pk,
        by_id=by.pk if by else None,
    )
