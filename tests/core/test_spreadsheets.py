"""The shared spreadsheet writer: rows in, a CSV or an XLSX out, one row at a time."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from wegwijzer.core import spreadsheets

HEADINGS = ["Name", "Amount", "Day", "Note"]


def rows(count: int):
    for number in range(count):
        yield [f"Student {number}", Decimal("12.50"), datetime.date(2026, 3, 2), "=1+1"]


def test_csv_comes_in_pieces_with_one_byte_order_mark():
    pieces = list(spreadsheets.csv_lines(HEADINGS, rows(5000)))

    content = b"".join(pieces)
    assert len(pieces) > 3
    assert content.startswith("\N{BYTE ORDER MARK}".encode())
    assert content.count("\N{BYTE ORDER MARK}".encode()) == 1
    written = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert written[0] == HEADINGS
    assert written[1] == ["Student 0", "12.50", "2026-03-02", "'=1+1"]
    assert len(written) == 1 + 5000


def test_csv_reads_the_rows_only_as_it_is_written():
    read = []

    def counted():
        for row in rows(3):
            read.append(row)
            yield row

    pieces = spreadsheets.csv_lines(HEADINGS, counted())
    next(pieces)

    assert read == []


def test_xlsx_keeps_text_as_text_and_numbers_and_days_as_such():
    content = spreadsheets.xlsx_file(HEADINGS, rows(2), title="A title longer than Excel allows")

    book = load_workbook(content)
    sheet = book.active
    assert sheet.title == "A title longer than Excel allow"
    assert [cell.value for cell in sheet[1]] == HEADINGS
    name, amount, day, note = sheet[2]
    assert (name.value, amount.value) == ("Student 0", 12.5)
    assert amount.number_format == "0.00"
    assert day.value == datetime.datetime(2026, 3, 2)
    assert day.number_format == "yyyy-mm-dd"
    assert (note.value, note.data_type) == ("=1+1", "s")
    assert sheet.freeze_panes == "A2"


def test_xlsx_leaves_empty_text_empty_and_shows_a_moment_as_its_day():
    moment = datetime.datetime(2026, 3, 2, 14, 30)

    content = spreadsheets.xlsx_file(["Note", "At"], [["", moment]], title="Notes")

    note, at = load_workbook(content).active[2]
    assert note.value is None
    assert (at.value, at.number_format) == (moment, "yyyy-mm-dd")
