"""The who-is-where list as a spreadsheet: the same rows and columns as CSV and as XLSX."""

import csv
import datetime
import io
import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from wegwijzer.whereabouts.queries import Whereabouts

Value = str | datetime.date


def _people_at_home(row: Whereabouts) -> str:
    return "; ".join(
        ", ".join(part for part in (c.name, c.relationship, c.phone, c.email) if part)
        for c in row.emergency_contacts
    )


def _host_contact(row: Whereabouts) -> str:
    host = row.mobility.host_company
    if host is None:
        return ""
    return ", ".join(
        part for part in (host.contact_name, host.contact_phone, host.contact_email) if part
    )


def columns() -> list[tuple[str, Callable[[Whereabouts], Value]]]:
    """(heading in the active language, value of a row)."""
    return [
        (_("Country"), lambda row: row.country_name),
        (_("City"), lambda row: row.mobility.destination_city),
        (_("Status"), lambda row: row.presence_label),
        (_("Student"), lambda row: row.student.full_name),
        (_("Student number"), lambda row: row.student.student_number),
        (_("Phone"), lambda row: row.student.phone),
        (_("E-mail"), lambda row: row.student.email),
        (_("Departure"), lambda row: row.mobility.departure_date),
        (_("Return"), lambda row: row.mobility.actual_return_date or row.mobility.return_date),
        (_("Address abroad"), lambda row: row.mobility.address_abroad),
        (_("Host company"), lambda row: getattr(row.mobility.host_company, "name", "")),
        (_("Host contact"), _host_contact),
        (_("Supervisor"), lambda row: str(row.mobility.supervisor or "")),
        (_("Supervisor's e-mail"), lambda row: getattr(row.mobility.supervisor, "email", "")),
        (_("Health insurer"), lambda row: row.student.health_insurer),
        (_("Insurance policy number"), lambda row: row.student.insurance_number),
        (_("People at home"), _people_at_home),
        (_("Travel advice"), lambda row: row.facts.colour_label),
        (_("Local emergency number"), lambda row: row.facts.emergency_number or ""),
    ]


def _table(rows: list[Whereabouts]) -> tuple[list[str], list[list[Value]]]:
    chosen = columns()
    return [heading for heading, _value in chosen], [
        [value(row) for _heading, value in chosen] for row in rows
    ]


# A cell a spreadsheet would read as a formula. A phone number (+31 6 …) is left as it is.
FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().\-/]*$)")


def _inert(value: Value) -> Value:
    """Text that cannot run as a formula when the CSV is opened in a spreadsheet."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def as_csv(rows: list[Whereabouts]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows accented names right."""
    headings, table = _table(rows)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headings)
    for values in table:
        writer.writerow(
            [value.isoformat() if isinstance(value, datetime.date) else _inert(value)
             for value in values]
        )  # fmt: skip
    return text.getvalue().encode("utf-8-sig")


def as_xlsx(rows: list[Whereabouts], *, title: str) -> bytes:
    headings, table = _table(rows)
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = title[:31]
    sheet.append(headings)
    for values in table:
        sheet.append(values)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even when it starts with "="
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(heading) + 2)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
