"""Everything held about one student, as one zip: student.json and their documents' files.

The data is found the way the erasure finds it (registry.children): every row that points
at the student, at one of their mobilities, or onwards, is in the export without being
listed, so a new app's data about a student cannot silently drop out.
"""

import base64
import json
import tempfile
import zipfile
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.services import record
from wegwijzer.privacy.registry import children
from wegwijzer.students.models import Student

# The account's fields a student may see; never the password hash.
ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "last_login", "date_joined"]


class ExportEncoder(DjangoJSONEncoder):
    """Dates, ids and the like as DjangoJSONEncoder writes them, bytes in base64; anything
    else (a country) as its text."""

    def default(self, o: Any) -> Any:
        if isinstance(o, bytes | memoryview):  # an issued Europass's PDF (europass app)
            return base64.b64encode(bytes(o)).decode()
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def export_filename(student: Student) -> str:
    # The public id, never the name: file names end up in download folders and logs.
    return f"wegwijzer-export-{student.public_id}.zip"


def export_student(student: Student, *, by: User) -> IO[bytes]:
    """The zip, in a temporary file at its start; the export is recorded in the trail."""
    record(by=by, action=Action.EXPORT, obj=student, student=student)
    files: list[models.fields.files.FieldFile] = []
    data = {
        "exported_at": timezone.now(),
        "student": _row(student, files, seen=set()),
        "account": _account(student.user),
        "actions_by_account": (
            [_fields(entry, files) for entry in AuditEntry.objects.filter(actor=student.user)]
            if student.user
            else []
        ),
    }
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        text = json.dumps(data, cls=ExportEncoder, ensure_ascii=False, indent=2)
        zipped.writestr("student.json", text)
        for stored in files:
            try:
                with stored.open("rb") as source:
                    # Stored, not deflated: PDFs, photos and Word files are compressed
                    # already, and deflating them again only doubles the request's time.
                    name = _path_in_zip(stored.name or "")
                    zipped.writestr(name, source.read(), zipfile.ZIP_STORED)
            except FileNotFoundError:
                continue  # listed in student.json; a missing file cannot be handed out
    archive.seek(0)
    return archive


def _row(obj: models.Model, files: list[Any], *, seen: set[tuple[str, Any]]) -> dict[str, Any]:
    """The object's fields, then its children's, depth first and each row once: a row that
    points at several objects (an audit entry at the student and their mobility, a document
    at the mobility and its checklist item) is listed under the first, most specific one."""
    seen.add((obj._meta.label_lower, obj.pk))
    data = _fields(obj, files)
    for name, rows in children(obj):
        data[name] = [
            _row(row, files, seen=seen)
            for row in rows
            if (row._meta.label_lower, row.pk) not in seen
        ]
    return data


def _fields(obj: models.Model, files: list[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.name)
        if isinstance(field, models.FileField):
            if value:
                files.append(value)
            data[field.name] = _path_in_zip(value.name) if value else ""
        elif field.is_relation:
            # Named, not numbered: a reader cannot look up an internal id.
            data[field.name] = str(value) if value is not None else None
        else:
            data[field.name] = value
    return data


def _account(user: User | None) -> dict[str, Any] | None:
    return {name: getattr(user, name) for name in ACCOUNT_FIELDS} if user else None


def _path_in_zip(name: str) -> str:
    return f"documents/{PurePosixPath(name).name}"
