"""Erasing a student: their personal data and documents go, anonymous counts stay.

Used by the coordinator's erase button and by the retention task alike. The student row
and their mobilities stay (country, city, dates, type, programme, funding, outcome, step)
so the school's reports keep adding up; everything that names or describes the student
is deleted or emptied. See registry.py for how other apps' data is found.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.services import SYSTEM, record
from wegwijzer.funding import tallies
from wegwijzer.links.services import scrub_student_links
from wegwijzer.privacy.registry import KEPT, TEXT_FIELDS, children
from wegwijzer.students.models import Student, erased_number

# What an erased student is called from then on; not translated, as it is stored.
ERASED = "Verwijderd"
# What an erased student's date of birth becomes: a placeholder, no fact about them.
ERASED_DATE_OF_BIRTH = datetime.date(1900, 1, 1)

# Files to remove once the erasure is committed: (storage, name).
Files = list[tuple[Storage, str]]


class StillAbroad(Exception):
    """A student with a stay abroad still under way is not erased: close it first."""


def erase_student(student: Student, *, by: User | None) -> Student:
    """Remove the student's personal data, documents and account; keep anonymous counts.

    One transaction; the documents' files are removed from disk once it is committed.
    The audit trail keeps one entry of the erasure, naming only the student's id.
    """
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        if student.mobilities.in_progress().exists():
            raise StillAbroad
        account = student.user
        files: Files = []
        # Host companies' evaluations stay, without names: the company's memory.
        scrub_student_links(student, by=by)
        # The stays' rows are emptied by queryset updates: their agreements' stored totals
        # are counted again (funding.tallies).
        agreements = tallies.of_students([student.pk])
        _erase_related(student, files)
        _scrub_audit_trail(student, account)
        _anonymise(student)
        if account is not None:
            _remove_account(account)
        tallies.mark(agreements)
        record(by=by, action=Action.ERASE, obj=student, label=student.full_name, student=student)
        transaction.on_commit(_file_remover(files))
    return student


def _erase_related(obj: models.Model, files: Files) -> None:
    """Empty the rows that are kept, delete all others, going down every relation."""
    for _name, rows in children(obj):
        model = rows.model
        if model is AuditEntry:
            continue  # the trail is scrubbed as a whole, see _scrub_audit_trail
        for row in rows:
            _erase_related(row, files)
        if model in KEPT:
            rows.update(**_blanks(model, KEPT[model]))
        else:
            files.extend(_files_of(rows))
            rows.delete()


def _blanks(model: type[models.Model], kept: frozenset[str]) -> dict[str, object]:
    """Every text field of the model that is not kept, as its empty value."""
    return {
        field.attname: _empty(field)
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS) and field.name not in kept and not field.is_relation
    }


def _empty(field: models.Field[Any, Any]) -> object:
    if isinstance(field, models.JSONField):
        return field.get_default()
    if isinstance(field, models.GenericIPAddressField):  # no empty text in an inet column
        return None
    return ""


def _files_of(rows: models.QuerySet[models.Model]) -> Files:
    file_fields = [f for f in rows.model._meta.concrete_fields if isinstance(f, models.FileField)]
    return [
        (getattr(row, field.attname).storage, getattr(row, field.attname).name)
        for row in rows
        for field in file_fields
        if getattr(row, field.attname)
    ]


def _anonymise(student: Student) -> None:
    short_id = student.public_id.hex[:12]
    number = erased_number(student.student_number)
    if Student.objects.filter(student_number=number).exclude(pk=student.pk).exists():
        number = f"erased-{short_id}"  # the same number erased once before
    values = _blanks(Student, KEPT[Student]) | {
        "first_name": ERASED,
        "last_name": short_id,
        # A keyed hash of the number: the import refuses the student instead of making
        # them again from next year's export (students.models.erased_number).
        "student_number": number,
        # The date of birth goes too: no report counts by age, and with the stays' places
        # and dates a birth year could point at one student. The field needs a date.
        "date_of_birth": ERASED_DATE_OF_BIRTH,
        "passport_expiry": None,
        "medical_on_card": False,
        "stay_requested_at": None,
        "user": None,
        "erased_at": timezone.now(),
    }
    Student.objects.filter(pk=student.pk).update(**values)
    student.refresh_from_db()


def _scrub_audit_trail(student: Student, account: User | None) -> None:
    about = Q(student=student) | Q(mobility__student=student)
    if account is not None:
        about |= Q(
            object_type=User._meta.label_lower,
            object_id__in=[str(account.pk), str(account.public_id)],
        )
    AuditEntry.objects.filter(about).update(**_blanks(AuditEntry, KEPT[AuditEntry]))
    # Answers through a link are recorded under the name the person gave.
    AuditEntry.objects.filter(about, actor__isnull=True).exclude(actor_label=SYSTEM).update(
        actor_label=ERASED
    )
    if account is not None:
        AuditEntry.objects.filter(actor=account).update(
            actor_label=ERASED, **_blanks(AuditEntry, KEPT[AuditEntry])
        )


def _remove_account(account: AbstractBaseUser) -> None:
    """Delete the student's login; should something still need it, empty and lock it."""
    try:
        with transaction.atomic():
            account.delete()
    except (ProtectedError, RestrictedError):
        assert isinstance(account, User)  # noqa: S101
        account.username = f"erased-{account.pk}"
        account.first_name = account.last_name = account.email = ""
        account.is_active = False
        account.set_unusable_password()
        account.save()


def _file_remover(files: Files) -> Callable[[], None]:
    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    return remove
