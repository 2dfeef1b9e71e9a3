"""A table of headings and rows as a CSV or an XLSX download, safe to open in a spreadsheet.

Shared by the exports (who is where, the Erasmus+ participant list): each decides its
columns and hands over its rows as an iterable (a generator over `.iterator()`); this
writes them the same way, with text that cannot run as a formula, one row at a time. The
memory a download takes does not grow with its rows: the CSV streams to the client as it
is written; the XLSX is written to a temporary file (openpyxl's write-only mode) and
streamed from there.
"""

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

Value = str | int | Decimal | datetime.date | None
Row = Sequence[Value]

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell a spreadsheet would read as a formula. A phone number (+31 6 …) is left as it is.
FORMULA_START = re.compile(r"^[=@\t\r]|^[+-](?![\d\s().\-/]*$)")

# The CSV goes out in pieces of about this many characters: not a write per row, and
# never more than this held at once.
CSV_PIECE = 64 * 1024


def inert(value: Value) -> Value:
    """Text that cannot run as a formula when the CSV is opened in a spreadsheet."""
    if isinstance(value, str) and FORMULA_START.match(value):
        return "'" + value
    return value


def csv_lines(headings: list[str], rows: Iterable[Row]) -> Iterator[bytes]:
    """The CSV in pieces: UTF-8 with a byte order mark first, so that Excel shows accented
    names right, then the headings and the rows as they come."""
    text = io.StringIO()
    writer = csv.writer(text)
    yield "\N{BYTE ORDER MARK}".encode()
    writer.writerow(headings)
    for values in rows:
        writer.writerow(
            [value.isoformat() if isinstance(value, datetime.date) else inert(value)
             for value in values]
        )  # fmt: skip
        if text.tell() >= CSV_PIECE:
            yield _taken(text)
    yield _taken(text)


def _taken(text: io.StringIO) -> bytes:
    piece = text.getvalue().encode()
    text.seek(0)
    text.truncate()
    return piece


def xlsx_file(headings: list[str], rows: Iterable[Row], *, title: str) -> IO[bytes]:
    """The XLSX in a temporary file, at its start; the file is gone once it is closed."""
    # Imported here, not at the top: openpyxl takes a third of a second to import, which
    # every manage.py command would pay through the URL check that imports every view.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(headings, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(heading) + 2)
    sheet.append(headings)
    for values in rows:
        sheet.append([_cell(sheet, value) for value in values])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    workbook.save(output)
    output.seek(0)
    return output


def _cell(sheet: Any, value: Value) -> Any:
    """The value as openpyxl should write it: text stays text, even when it starts with
    "=", dates as dates, amounts with their cents. Most values go in as they are, a fifth
    cheaper per row than a cell of our own: an empty text as no cell at all (it reads back
    as empty either way), a date as itself (openpyxl gives a date the format yyyy-mm-dd)."""
    if isinstance(value, str):
        if not value.startswith("="):
            return value or None
        return _styled(sheet, value, data_type="s")
    if isinstance(value, Decimal):
        return _styled(sheet, value, number_format="0.00")
    if isinstance(value, datetime.datetime):
        # openpyxl would add the time of day; the exports show the day.
        return _styled(sheet, value, number_format="yyyy-mm-dd")
    return value


def _styled(sheet: Any, value: Value, **attributes: str) -> Any:
    from openpyxl.cell import WriteOnlyCell  # imported late, as in xlsx_file

    cell = WriteOnlyCell(sheet, value)
    for name, setting in attributes.items():
        setattr(cell, name, setting)
    return cell


def csv_download(
    headings: list[str], rows: Iterable[Row], *, filename: str
) -> StreamingHttpResponse:
    """The rows as a CSV download, written while it is sent."""
    response = StreamingHttpResponse(
        _in_language(translation.get_language(), csv_lines(headings, rows)), content_type=CSV
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


def _in_language(language: str | None, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The pieces, written in the request's language: a streamed response is written after
    the view has returned, when another language may be active."""
    with translation.override(language):
        yield from pieces


def xlsx_download(
    headings: list[str], rows: Iterable[Row], *, title: str, filename: str
) -> FileResponse:
    """The rows as an XLSX download, sent from its temporary file (closed, so removed, when
    the response is done)."""
    content = xlsx_file(headings, rows, title=title)
    response = FileResponse(content, as_attachment=True, filename=filename, content_type=XLSX)
    add_never_cache_headers(response)
    return response


def table[T](
    columns: Sequence[tuple[str, Callable[[T], Value]]], objects: Iterable[T]
) -> tuple[list[str], Iterator[list[Value]]]:
    """The headings of (heading, value of an object) columns, and each object's values as
    the objects come."""
    values = ([value(each) for _heading, value in columns] for each in objects)
    return [heading for heading, _value in columns], values


def download(
    kind: str, headings: list[str], rows: Iterable[Row], *, title: str, filename: str
) -> StreamingHttpResponse | FileResponse:
    """The rows as a download of the kind "csv" or "xlsx"; filename without its extension."""
    if kind == "xlsx":
        return xlsx_download(headings, rows, title=title, filename=f"{filename}.xlsx")
    return csv_download(headings, rows, filename=f"{filename}.csv")
