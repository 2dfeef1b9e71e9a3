"""Everything that changes a group stay and who takes part in it.

Each participant's stay is made and changed through mobilities.services (create_mobility,
update_mobility), so it gets its checklist and is re-evaluated like any other change: due
dates, travel advice, grant, contact moments. Every function takes the acting user as `by`,
runs in one transaction and leaves entries in the audit trail.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy, gettext_noop

from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.groups.models import SHARED_FACTS, GroupStay
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student


class StaleGroupError(ValidationError):
    """The group changed since the form that tries to change it was shown."""


STALE_GROUP = gettext_lazy(
    "This group changed since this page was shown. Check its new state and try again."
)
DEPARTED = gettext_noop("has departed")
CLOSED = gettext_noop("is closed")
OWN = gettext_noop("has dates or a destination of their own")


@dataclass
class Skipped:
    """A member whose stay a change of the group did not touch, and why."""

    mobility: Mobility
    reason: str


@dataclass
class GroupChange:
    group: GroupStay
    updated: list[Mobility] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@transaction.atomic
def create_group(*, by: User, staff: Iterable[User] = (), **facts: Any) -> GroupStay:
    group = GroupStay.objects.create(**facts)
    group.staff.set(staff)
    record(by=by, action=Action.CREATE, obj=group)
    return group


@transaction.atomic
def update_group(
    group: GroupStay,
    *,
    by: User,
    version: int | None,
    changes: dict[str, Any],
    staff: Iterable[User] | None = None,
) -> GroupChange:
    """Change the group's facts; a changed shared fact (destination, dates) is made in each
    member's stay through update_mobility. Members who have departed or whose stay is
    closed keep theirs, and are returned as skipped with the reason.

    `version` is the one the edit form was made from (StaleGroupError when the group
    changed since); `None` for callers without a form.
    """
    stored = GroupStay.objects.select_for_update().get(pk=group.pk)
    if version is not None and stored.version != version:
        raise StaleGroupError(STALE_GROUP)
    diff = changed_fields(stored, changes)
    staff_before = list(stored.staff.order_by("pk"))
    staff_changed = staff is not None and {u.pk for u in staff_before} != {u.pk for u in staff}
    result = GroupChange(group=stored)
    if not diff and not staff_changed:
        return result
    before = {name: getattr(stored, name) for name in SHARED_FACTS}
    for name, value in changes.items():
        setattr(stored, name, value)
    stored.version += 1
    stored.save(update_fields=[*diff, "version", "updated_at"])
    if staff is not None and staff_changed:
        stored.staff.set(staff)
        diff["staff"] = (_names(staff_before), _names(staff))
    record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
    shared = {name: changes[name] for name in SHARED_FACTS if name in diff}
    if shared:
        _update_members(stored, shared, before, by=by, result=result)
    return result


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted(str(user) for user in users))


def _update_members(
    group: GroupStay,
    shared: dict[str, Any],
    before: dict[str, Any],
    *,
    by: User,
    result: GroupChange,
) -> None:
    """Make the group's changed facts in each member's stay, but only where the member still
    had the group's old value: a date or place set for one student (an earlier return, an
    extension) is theirs, and stays."""
    members = group.members.select_related("student").order_by("pk")
    for member in members:
        reason = why_not_changed(member)
        changes = {
            name: value for name, value in shared.items() if getattr(member, name) == before[name]
        }
        if not reason and not changes:
            reason = OWN
        if reason:
            result.skipped.append(Skipped(mobility=member, reason=reason))
            continue
        result.updated.append(
            mobility_services.update_mobility(member, by=by, version=None, changes=changes)
        )


def why_not_changed(mobility: Mobility) -> str:
    """Why a change of the group leaves this member's stay as it is; "" when it does not."""
    if not mobility.is_open:
        return CLOSED
    if mobility.step >= Step.ABROAD or mobility.actual_departure_date:
        return DEPARTED
    return ""


def first_supervisor(group: GroupStay) -> User | None:
    """The supervisor of the stays of students added to the group: the first accompanying
    staff member who is a supervisor, by name."""
    staff = group.staff.filter(role=Role.SUPERVISOR)
    return staff.order_by("last_name", "first_name", "pk").first()


@transaction.atomic
def add_members(group: GroupStay, *, by: User, students: Iterable[Student]) -> list[Mobility]:
    """Give each student a stay in the group, made with the group's facts through
    create_mobility (so with its checklist). A student already in the group is left out."""
    stored = GroupStay.objects.select_for_update().get(pk=group.pk)
    present = set(stored.members.values_list("student_id", flat=True))
    supervisor = first_supervisor(stored)
    made = []
    for student in students:
        if student.pk in present:
            continue
        present.add(student.pk)
        mobility = mobility_services.create_mobility(
            by=by, student=student, group=stored, type=stored.type,
            destination_country=stored.destination_country,
            destination_city=stored.destination_city,
            destination_city_geoname_id=stored.destination_city_geoname_id,
            address_abroad=stored.address_abroad, host_company=stored.host_company,
            supervisor=supervisor, departure_date=stored.departure_date,
            return_date=stored.return_date,
        )  # fmt: skip
        note = Phrase(gettext_noop("Added to the group"))
        record(
            by=by, action=Action.CHANGE, obj=stored, mobility=mobility, student=student,
            note=note,
        )  # fmt: skip
        made.append(mobility)
    return made


@transaction.atomic
def remove_member(group: GroupStay, mobility: Mobility, *, by: User) -> Mobility:
    """End the member's link with the group. The stay itself stays as it is: a coordinator
    cancels it the normal way when the student does not go at all."""
    stored = GroupStay.objects.select_for_update().get(pk=group.pk)
    if not stored.members.filter(pk=mobility.pk).exists():
        return mobility  # removed already: a repeated post changes nothing
    changed = mobility_services.update_mobility(
        mobility, by=by, version=None, changes={"group": None}
    )
    note = Phrase(gettext_noop("Removed from the group"))
    record(
        by=by, action=Action.CHANGE, obj=stored, mobility=changed, student=changed.student,
        note=note,
    )  # fmt: skip
    return changed


SHEET_LABEL = gettext_noop("Group emergency sheet")


def record_sheet_view(group: GroupStay, *, by: User, rows: int) -> None:
    """The sheet shows insurance numbers and the people at home: each look is recorded,
    one entry per page with how many participants it held (as who-is-where does)."""
    note = Phrase(gettext_noop("participants listed: %(rows)s"), rows=rows)
    record(by=by, action=Action.VIEW, obj=group, label=SHEET_LABEL, note=note)
