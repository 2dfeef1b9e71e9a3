"""Everything that changes a student, their guardians or their emergency contacts.

Each function takes the acting user as `by`, runs in one transaction and leaves entries in
the audit trail. A changed fact the checklist reads (date of birth, programme) re-evaluates
the checklist of every open mobility of the student.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.core.tasks import enqueue_on_commit
from wegwijzer.mobilities import hooks
from wegwijzer.mobilities.models import Mobility
from wegwijzer.mobilities.services import sync_checklist
from wegwijzer.students.models import EmergencyContact, Guardian, Student

# The facts of a student that the checklist reads: the age on departure decides the
# guardian's consent, and the programme decides the template.
CHECKLIST_FACTS = frozenset({"date_of_birth", "programme"})

Person = Guardian | EmergencyContact
# What the trail keeps of a removed guardian or emergency contact.
PERSON_FIELDS = ["name", "relationship", "email", "phone"]


@dataclass
class PeopleChanges:
    """What to do with a student's guardians or emergency contacts, as one form asked."""

    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[Person, dict[str, Any]]] = field(default_factory=list)
    removed: list[Person] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class StaleStudentError(ValidationError):
    """The student changed since the form that tries to change them was shown."""


# Students


def _locked(student: Student, *, version: int | None) -> Student:
    """The student as stored, locked for the rest of the transaction, so two saves are made
    one after the other; a form's version that differs from the stored one means someone
    changed the student since (StaleStudentError). `None`: a caller without a form."""
    stored = Student.objects.select_for_update().get(pk=student.pk)
    if version is not None and stored.version != version:
        raise StaleStudentError(
            _("This student changed since this page was shown. Check the changes and try again.")
        )
    return stored


@transaction.atomic
def create_student(
    *,
    by: User,
    guardians: PeopleChanges | None = None,
    emergency_contacts: PeopleChanges | None = None,
    **facts: Any,
) -> Student:
    """Add a student to the school's records, with the people at home."""
    student = Student.objects.create(**facts)
    created = snapshot(student, list(facts), created=True)
    record(by=by, action=Action.CREATE, obj=student, student=student, changes=created)
    save_people(student, by=by, model=Guardian, changes=guardians)
    save_people(student, by=by, model=EmergencyContact, changes=emergency_contacts)
    return student


@transaction.atomic
def update_student(
    student: Student,
    *,
    by: User,
    version: int | None,
    changes: dict[str, Any],
    guardians: PeopleChanges | None = None,
    emergency_contacts: PeopleChanges | None = None,
) -> Student:
    """Change a student's facts and people; open mobilities follow a changed age or programme.

    The student is locked for the transaction, so two saves are made one after the other;
    `version` is the one the edit form was made from (StaleStudentError when the student or
    their people changed since), `None` for callers without a form. Any change raises it.
    """
    stored = _locked(student, version=version)
    diff = changed_fields(stored, changes)
    if diff:
        for name in diff:
            setattr(stored, name, changes[name])
        record(by=by, action=Action.CHANGE, obj=stored, student=stored, changes=diff)
    people = [change for change in (guardians, emergency_contacts) if change and change.any()]
    if diff or people:
        stored.version += 1
        stored.save(update_fields=[*diff, "version"])
    save_people(stored, by=by, model=Guardian, changes=guardians)
    save_people(stored, by=by, model=EmergencyContact, changes=emergency_contacts)
    if CHECKLIST_FACTS & diff.keys():
        sync_open_mobilities(stored, by=by)
    if diff or people:
        # A name, date of birth, programme or guardian an agreement shows may have changed.
        for mobility in stored.mobilities.in_progress():
            hooks.facts_changed(mobility)
    return stored


def set_abroad_interest(student: Student, *, by: User, version: int, interest: str) -> Student:
    """The mentor's note whether the student thinks of going abroad (step 1)."""
    return update_student(student, by=by, version=version, changes={"abroad_interest": interest})


def set_medical_on_card(student: Student, *, by: User, version: int, on_card: bool) -> Student:
    """The student's consent to print their medical notes on their emergency card."""
    return update_student(student, by=by, version=version, changes={"medical_on_card": on_card})


@transaction.atomic
def ask_for_stay(
    student: Student, *, by: User, version: int, domain: str, use_https: bool
) -> Student:
    """The mentor asks the coordinators to start a stay for the student: the coordinators
    get an e-mail (by the task worker) and the student shows when it was asked. The version
    makes a double click send one e-mail."""
    stored = _locked(student, version=version)
    now = timezone.now()
    diff = {"stay_requested_at": (_moment(stored.stay_requested_at), _moment(now))}
    stored.stay_requested_at = now
    stored.version += 1
    stored.save(update_fields=["stay_requested_at", "version"])
    record(by=by, action=Action.CHANGE, obj=stored, student=stored, changes=diff)
    enqueue_on_commit(
        "wegwijzer.students.tasks.ask_coordinators_for_stay",
        student_id=stored.pk, mentor_id=by.pk, domain=domain, use_https=use_https,
    )  # fmt: skip
    return stored


def _moment(moment: datetime.datetime | None) -> str:
    """A time as the history shows it: local, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def sync_open_mobilities(student: Student, *, by: User | None) -> None:
    """Re-evaluate the checklist of each mobility of the student that is still under way."""
    mobilities = Mobility.objects.in_progress().filter(student=student)
    for mobility in mobilities.select_related("student__programme"):
        sync_checklist(mobility, by=by)


# Guardians and emergency contacts


@transaction.atomic
def save_people(
    student: Student, *, by: User, model: type[Person], changes: PeopleChanges | None
) -> None:
    """Apply what a form asked for one kind of person: remove, change, then add."""
    if changes is None:
        return
    for person in changes.removed:
        remove_person(person, by=by)
    for person, values in changes.changed:
        change_person(person, by=by, changes=values)
    for values in changes.added:
        add_person(student, by=by, model=model, values=values)


@transaction.atomic
def add_person(
    student: Student, *, by: User, model: type[Person], values: dict[str, Any]
) -> Person:
    """Add a guardian (model=Guardian) or an emergency contact (model=EmergencyContact)."""
    person = model.objects.create(student=student, **values)
    created = snapshot(person, list(values), created=True)
    record(by=by, action=Action.CREATE, obj=person, student=student, changes=created)
    return person


@transaction.atomic
def change_person(person: Person, *, by: User, changes: dict[str, Any]) -> Person:
    stored = type(person).objects.select_for_update().get(pk=person.pk)
    diff = changed_fields(stored, changes)
    if not diff:
        return stored
    for name in diff:
        setattr(stored, name, changes[name])
    stored.save(update_fields=list(diff))
    record(by=by, action=Action.CHANGE, obj=stored, student=stored.student, changes=diff)
    return stored


@transaction.atomic
def remove_person(person: Person, *, by: User) -> None:
    # Recorded first: once deleted, the person has no id left to name in the trail.
    removed = snapshot(person, PERSON_FIELDS, created=False)
    record(by=by, action=Action.DELETE, obj=person, student=person.student, changes=removed)
    person.delete()


def record_sensitive_view(student: Student, *, by: User) -> None:
    """Who looked at a student's sensitive data (emergency contacts, medical notes,
    passport and insurance), and when; the values themselves stay out of the trail."""
    record(by=by, action=Action.VIEW, obj=student, student=student)
