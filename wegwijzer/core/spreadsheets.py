"""A table of headings and rows as a CSV or an XLSX download, safe to open in a spreadsheet.

Shared by the exports (who is where, the Erasmus+ participant list): each decides its
columns; this writes them the same way, with text that cannot run as a formula.
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

Value = str | int | Decimal | datetime.date | None

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell a spreadsheet would read as a formula. A phone number (+31 6 …) is left as it is.
FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().\-/]*$)")


def inert(value: Value) -> Value:
    """Text that cannot run as a formula when the CSV is opened in a spreadsheet."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def as_csv(headings: list[str], rows: Sequence[Sequence[Value]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows accented names right."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headings)
    for values in rows:
        writer.writerow(
            [value.isoformat() if isinstance(value, datetime.date) else inert(value)
             for value in values]
        )  # fmt: skip
    return text.getvalue().encode("utf-8-sig")


def as_xlsx(headings: list[str], rows: Sequence[Sequence[Value]], *, title: str) -> bytes:
    # Imported here, not at the top: openpyxl takes a third of a second to import, which
    # every manage.py command would pay through the URL check.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = title[:31]
    sheet.append(headings)
    for values in rows:
        sheet.append(values)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even when it starts with "="
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(heading) + 2)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
