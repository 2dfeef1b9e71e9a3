"""Everything that changes the school's records from an imported file.

An import is uploaded once (`start_import`), shown as a dry run as often as the columns
are chosen again (`plan_of`), and applied once (`apply_import`): the apply plans again,
under locks, and refuses when that plan differs from the one the dry run showed (its
digest), so it applies exactly what the coordinator saw. The apply is one transaction,
inserts and updates in batches, and leaves one audit entry for the import with its counts
and one per record it created or changed.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import SYSTEM, record
from wegwijzer.funding import tallies
from wegwijzer.hosts.models import HostCompany
from wegwijzer.imports.kinds import KINDS, MANY_VALUES, Plan, PlannedRow, Row, normalised
from wegwijzer.imports.models import ImportKind, ImportMapping, ImportRun
from wegwijzer.imports.reading import Table, as_text, read_table
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import Guardian, Student
from wegwijzer.students.services import CHECKLIST_FACTS, sync_open_mobilities

BATCH_SIZE = 500
# An uploaded file that was never applied is removed after this long: it holds personal data.
KEPT_UNAPPLIED = datetime.timedelta(days=1)


class ImportRefused(ValidationError):
    """The import cannot be applied (any more): applied already, or changed since."""


def remove_forgotten_uploads() -> int:
    """Delete the uploads never applied and older than KEPT_UNAPPLIED: whole exports of the
    student information system, with dates of birth and guardians' addresses. Run at each
    upload and by the nightly retention run; returns how many."""
    forgotten = timezone.now() - KEPT_UNAPPLIED
    deleted, _by_model = ImportRun.objects.filter(
        applied_at=None, created_at__lt=forgotten
    ).delete()
    return deleted


def start_import(
    *,
    by: User | None,
    kind: str,
    filename: str,
    content: bytes,
    mapping: ImportMapping | None = None,
) -> ImportRun:
    """Keep an uploaded file for its dry run; raises reading.UnreadableFile for a file that
    is no table. The columns are recognised by their headings, then the mapping's apply.
    Files uploaded more than a day ago and never applied are removed on the way."""
    table = read_table(filename, content)
    remove_forgotten_uploads()
    columns = KINDS[kind].recognised(table.headings)
    if mapping is not None:
        columns.update({name: field for name, field in mapping.columns.items() if name in columns})
    return ImportRun.objects.create(
        kind=kind,
        filename=filename[:200],
        content=content,
        mapping=mapping,
        columns=columns,
        created_by=by,
    )


def table_of(run: ImportRun) -> Table:
    return read_table(run.filename, bytes(run.content))


def rows_of(run: ImportRun, table: Table) -> list[tuple[int, Row]]:
    """Each data row as {field: cell}. Of two columns of one field the first filled one
    counts (a crebo code beside the programme's name), except for a field of many values:
    a second guardian's e-mail is added to the first."""
    fields = [run.columns.get(normalised(heading), "") for heading in table.headings]
    rows = []
    for line, cells in table.rows:
        row: Row = {}
        for name, cell in zip(fields, cells, strict=False):
            if not name or cell is None or cell == "":
                continue
            if name not in row:
                row[name] = cell
            elif name in MANY_VALUES:
                row[name] = f"{row[name]};{cell}"
        rows.append((line, row))
    return rows


def plan_of(run: ImportRun, *, lock: bool = False) -> Plan:
    """What applying the run would do now."""
    return KINDS[run.kind].plan(rows_of(run, table_of(run)), lock=lock)


def digest(plan: Plan) -> str:
    source = json.dumps(plan.digest_source(), sort_keys=True, default=str)
    return hashlib.sha256(source.encode()).hexdigest()


def choose_columns(run: ImportRun, *, columns: dict[str, str]) -> ImportRun:
    """The coordinator's choice of field per column on the dry-run page."""
    if run.applied_at is not None:
        raise ImportRefused(_("This import was applied already."))
    known = KINDS[run.kind].field_labels()
    run.columns = {
        name: (field if field in known else "")
        for name, field in {**run.columns, **columns}.items()
        if name in run.columns
    }
    run.save(update_fields=["columns"])
    return run


@transaction.atomic
def save_mapping(run: ImportRun, *, by: User, name: str) -> ImportMapping:
    """Keep the run's columns under a name (the source: "Eduarte"), for the next import."""
    mapping, created = ImportMapping.objects.select_for_update().get_or_create(
        name=name, kind=run.kind, defaults={"columns": run.columns}
    )
    before = dict(mapping.columns)
    if not created:
        mapping.columns = {**mapping.columns, **run.columns}
        mapping.save(update_fields=["columns", "updated_at"])
    run.mapping = mapping
    run.save(update_fields=["mapping"])
    record(
        by=by,
        action=Action.CREATE if created else Action.CHANGE,
        obj=mapping,
        changes={
            "columns": (
                json.dumps(before, sort_keys=True),
                json.dumps(mapping.columns, sort_keys=True),
            )
        },
    )
    return mapping


def apply_import(run: ImportRun, *, by: User | None, plan_digest: str) -> dict[str, int]:
    """Carry out the plan the dry run showed; refused rows stay out. Raises ImportRefused
    when the run was applied already or the plan changed since (someone edited a record)."""
    with transaction.atomic():
        stored = ImportRun.objects.select_for_update().get(pk=run.pk)
        if stored.applied_at is not None:
            raise ImportRefused(_("This import was applied already."))
        rows = rows_of(stored, table_of(stored))
        plan = KINDS[stored.kind].plan(rows, lock=True)
        if digest(plan) != plan_digest:
            raise ImportRefused(
                _("The data changed since the dry run. Look at the new dry run and apply again.")
            )
        entries = APPLY[stored.kind](plan, by)
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        counts = plan.counts()
        stored.applied_at = timezone.now()
        stored.counts = counts
        stored.content = b""
        if stored.kind == ImportKind.STUDENTS:
            stored.classes = sorted({as_text(row.get("class_name")) for _line, row in rows} - {""})
        stored.save(update_fields=["applied_at", "counts", "content", "classes"])
        record(
            by=by,
            action=Action.CREATE,
            obj=stored,
            label=stored.filename,
            changes={name: ("", count) for name, count in counts.items()},
            note=Phrase(
                gettext_noop(
                    "Import of %(kind)s: %(created)s created, %(updated)s updated, "
                    "%(refused)s refused"
                ),
                kind=ImportKind(stored.kind).label,
                **{name: str(count) for name, count in counts.items()},
            ),
        )
    run.refresh_from_db()
    return counts


def _entries(plan: Plan, by: User | None, *, student: bool = False) -> list[AuditEntry]:
    """The trail of each record the plan created or changed, as rows to insert at once."""
    note = Phrase(gettext_noop("Imported from a file"))
    entries = []
    for action, rows in ((Action.CREATE, plan.created), (Action.CHANGE, plan.updated)):
        for row in rows:
            if row.changes:
                entries.append(
                    _entry(
                        by, action, row.target, row.changes, note, row.target if student else None
                    )
                )
    return entries


def _entry(
    by: User | None,
    action: Action,
    obj: models.Model,
    changes: dict[str, tuple[str, str]],
    note: Phrase,
    student: Student | None = None,
) -> AuditEntry:
    return AuditEntry(
        actor=by,
        actor_label=(str(by) if by else SYSTEM)[:200],
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "public_id", obj.pk)),
        object_label=str(obj)[:300],
        student=student,
        changes={name: list(values) for name, values in changes.items()},
        note=note,
        texts={"note": note.stored},
    )


# What an imported student's or programme's change may alter in the Erasmus+ totals.
TALLIED_STUDENT = {"programme", "programme_id"}
TALLIED_PROGRAMME = {"name", "level"}


def _upsert(
    model: type[models.Model],
    plan: Plan,
    *,
    extra_fields: tuple[str, ...] = (),
    prepare: Callable[[Any], None] = lambda instance: None,
) -> None:
    """Insert the new records and update the changed fields of the others, in batches."""
    created = [model(**row.values) for row in plan.created]
    for instance in created:
        prepare(instance)
    model._default_manager.bulk_create(created, batch_size=BATCH_SIZE)
    for row, instance in zip(plan.created, created, strict=True):
        row.target = instance
    changed: set[str] = set(extra_fields) if plan.updated else set()
    for row in plan.updated:
        for name in row.changes:
            setattr(row.target, name, row.values[name])
        changed.update(row.changes)
    if changed:
        targets = [row.target for row in plan.updated]
        model._default_manager.bulk_update(targets, sorted(changed), batch_size=BATCH_SIZE)


def _apply_students(plan: Plan, by: User | None) -> list[AuditEntry]:
    for row in plan.updated:
        row.target.version += 1
    _upsert(Student, plan, extra_fields=("version",))
    # The bulk update saves no model: the grants' agreements of students who changed
    # programme are marked here (funding.tallies).
    tallies.mark(
        tallies.of_students(
            [row.target.pk for row in plan.updated if TALLIED_STUDENT & row.changes.keys()]
        )
    )
    rows: list[PlannedRow] = plan.created + plan.updated
    guardians = [
        Guardian(student=row.target, name=email, email=email) for row in rows for email in row.extra
    ]
    Guardian.objects.bulk_create(guardians, batch_size=BATCH_SIZE)
    entries = _entries(plan, by, student=True)
    note = Phrase(gettext_noop("Imported from a file"))
    entries += [
        _entry(by, Action.CREATE, guardian, {"email": ("", guardian.email)}, note, guardian.student)
        for guardian in guardians
    ]
    # A changed age or programme changes the checklist of a stay under way (rare in an
    # import: a few students, not a query per row of the file).
    for row in plan.updated:
        if CHECKLIST_FACTS & row.changes.keys():
            sync_open_mobilities(row.target, by=by)
    return entries


def _apply_hosts(plan: Plan, by: User | None) -> list[AuditEntry]:
    _upsert(HostCompany, plan)
    return _entries(plan, by)


def _apply_programmes(plan: Plan, by: User | None) -> list[AuditEntry]:
    _upsert(Programme, plan)
    tallies.mark(
        tallies.of_programmes(
            [row.target.pk for row in plan.updated if TALLIED_PROGRAMME & row.changes.keys()]
        )
    )
    return _entries(plan, by)


def _apply_mentors(plan: Plan, by: User | None) -> list[AuditEntry]:
    """New mentors get an account without a password and no e-mail yet: the accounts page
    invites them when the school is ready."""
    for row in plan.created:
        row.values.update(username=row.values["email"], role=Role.MENTOR)
    _upsert(User, plan, prepare=User.set_unusable_password)
    return _entries(plan, by)


APPLY: dict[str, Callable[[Plan, User | None], list[AuditEntry]]] = {
    ImportKind.STUDENTS: _apply_students,
    ImportKind.HOSTS: _apply_hosts,
    ImportKind.PROGRAMMES: _apply_programmes,
    ImportKind.MENTORS: _apply_mentors,
}
