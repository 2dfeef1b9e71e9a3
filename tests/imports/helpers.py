"""Files as the student information systems export them, made in the test."""

import io
from typing import Any

from openpyxl import Workbook

from wegwijzer.accounts.models import User
from wegwijzer.imports import services
from wegwijzer.imports.models import ImportMapping, ImportRun

STUDENT_HEADINGS = [
    "Studentnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum",
    "E-mailadres", "Mobiel", "Crebo", "Leerjaar", "Klas", "Mentor", "E-mail ouder/verzorger",
]  # fmt: skip


def csv_bytes(rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(delimiter.join(cells) for cells in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run_of(
    content: bytes,
    *,
    by: User | None = None,
    kind: str = "students",
    filename: str = "export.csv",
    mapping: ImportMapping | None = None,
) -> ImportRun:
    return services.start_import(
        by=by, kind=kind, filename=filename, content=content, mapping=mapping
    )


def apply(run: ImportRun, *, by: User | None = None) -> dict[str, int]:
    plan = services.plan_of(run)
    return services.apply_import(run, by=by, plan_digest=services.digest(plan))
