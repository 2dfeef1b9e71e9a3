"""Reading the lists a student information system exports: CSV or XLSX, into rows of text.

Real exports come in many shapes: Eduarte writes CSV in Windows-1252 with semicolons,
Magister an Excel workbook with real date cells, Osiris UTF-8 with a byte order mark. The
reader turns each into a heading row and data rows of cells; a cell stays what the file
held (text, a number, a date), and `as_date` and `as_text` make sense of it per field.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

Cell = str | int | float | datetime.date | datetime.datetime | None


class UnreadableFile(ValueError):
    """The file is neither a CSV nor an XLSX this reader understands."""


@dataclass
class Table:
    headings: list[str]
    # Each row with its line number in the file (the heading is line 1).
    rows: list[tuple[int, list[Cell]]]


def read_table(filename: str, content: bytes) -> Table:
    """The heading row and the data rows of a CSV or XLSX file; empty rows are skipped."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content.startswith(b"PK\x03\x04"):
        table = _read_xlsx(content)
    else:
        table = _read_csv(content)
    if not table.headings:
        raise UnreadableFile("The file has no heading row.")
    return table


def _read_csv(content: bytes) -> Table:
    text = _decoded(content)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        # One column, or too few separators to tell: the separator the heading holds most of.
        first = sample.splitlines()[0] if sample else ""
        dialect = csv.excel()
        dialect.delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = [(line, list(cells)) for line, cells in enumerate(reader, start=1)]
    return _table(rows)


def _decoded(content: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252, as Excel saves it."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise UnreadableFile("The file is not an Excel workbook.") from error
    try:
        sheet = workbook.worksheets[0]
        rows = [
            (line, list(cells)) for line, cells in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()
    return _table(rows)


def _table(rows: list[tuple[int, list[Any]]]) -> Table:
    filled = [(line, cells) for line, cells in rows if any(as_text(cell) for cell in cells)]
    if not filled:
        return Table(headings=[], rows=[])
    _, heading = filled[0]
    return Table(headings=[as_text(cell) for cell in heading], rows=filled[1:])


def as_text(cell: Cell) -> str:
    """A cell as text, trimmed; a whole number from Excel loses its ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


# Excel counts days from 30 December 1899 (its 1900 leap-year bug included).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def as_date(cell: Cell) -> datetime.date | None:
    """A date from a date cell, ISO text, a Dutch dd-mm-jjjj or dd/mm/jjjj (two-digit
    years too) or an Excel serial number (38718 is 2 January 2006); None when it is none."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = as_text(cell)
    try:
        if match := ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := DUTCH_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(_full_year(year), month, day)
        if re.fullmatch(r"\d{5}(\.0+)?", text):
            return EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    except ValueError:
        return None
    return None


def _full_year(year: int) -> int:
    """A two-digit year of birth: 00 to 29 is this century, the rest the last one."""
    if year >= 100:
        return year
    return 2000 + year if year < 30 else 1900 + year
