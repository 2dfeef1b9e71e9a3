import csv
import io
import tracemalloc

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.whereabouts.helpers import DEPARTURE, many_stays, stay
from wegwijzer.audit.models import AuditEntry
from wegwijzer.audit.phrases import render


def test_csv_holds_the_filtered_rows_with_their_contacts(english, coordinator):
    spain = stay(country="ES")
    germany = stay(country="DE", city="Berlin")
    english.force_login(coordinator)

    response = english.get(
        reverse("whereabouts:csv"), {"day": DEPARTURE.isoformat(), "country": "ES"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="whereabouts-2026-03-02.csv"'
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [row["Student"] for row in rows] == [spain.student.full_name]
    assert germany.student.full_name not in response.getvalue().decode("utf-8-sig")
    row = rows[0]
    assert row["Country"] == "Spain"
    assert row["Status"] == "abroad"
    assert row["Phone"] == "+34 600 111 222"
    assert row["Insurance policy number"] == "ZK-4471-0923"
    assert row["Host contact"] == "Lucía Ortega, +34 961 000 111, lucia@marazul.example"
    assert row["People at home"] == "Ria de Boer, moeder, +31 6 87654321"
    assert row["Departure"] == "2026-03-02"
    assert row["Travel advice"] == "not known yet"


def test_csv_keeps_text_that_looks_like_a_formula_from_running(english, coordinator):
    stay(address_abroad='=HYPERLINK("http://evil.example")')
    english.force_login(coordinator)

    response = english.get(reverse("whereabouts:csv"), {"day": DEPARTURE.isoformat()})

    row = next(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert row["Address abroad"] == '\'=HYPERLINK("http://evil.example")'
    assert row["Phone"] == "+34 600 111 222"


def test_xlsx_holds_the_same_rows_with_text_kept_as_text(english, coordinator):
    mobility = stay(address_abroad="=1+1")
    english.force_login(coordinator)

    response = english.get(reverse("whereabouts:xlsx"), {"day": DEPARTURE.isoformat()})

    assert response["Content-Disposition"] == 'attachment; filename="whereabouts-2026-03-02.xlsx"'
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    headings = [cell.value for cell in sheet[1]]
    values = dict(zip(headings, [cell.value for cell in sheet[2]], strict=True))
    assert values["Student"] == mobility.student.full_name
    assert values["Supervisor"] is None or values["Supervisor"] == ""
    assert values["Health insurer"] == "Zilveren Kruis"
    assert values["Address abroad"] == "=1+1"
    assert sheet.cell(row=2, column=headings.index("Address abroad") + 1).data_type == "s"
    assert values["Departure"].date() == DEPARTURE


def test_exports_hold_the_insurance_but_never_read_medical_notes_or_passport(english, coordinator):
    mobility = stay()
    mobility.student.medical_notes = "Penicilline-allergie"
    mobility.student.passport_number = "NX4471092"
    mobility.student.save()
    english.force_login(coordinator)

    for name in ("whereabouts:csv", "whereabouts:xlsx"):
        with CaptureQueriesContext(connection) as queries:
            response = english.get(reverse(name), {"day": DEPARTURE.isoformat()})
            content = response.getvalue()

        read = " ".join(query["sql"] for query in queries.captured_queries)
        assert "medical_notes" not in read and "passport_number" not in read, name
        if name == "whereabouts:csv":
            row = next(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        else:
            sheet = load_workbook(io.BytesIO(content)).active
            headings = [cell.value for cell in sheet[1]]
            row = dict(zip(headings, [cell.value for cell in sheet[2]], strict=True))
        assert row["Insurance policy number"] == "ZK-4471-0923"
        assert row["People at home"] == "Ria de Boer, moeder, +31 6 87654321"
        assert "Penicilline" not in str(row) and "NX4471092" not in str(row)


def test_each_export_leaves_an_entry_naming_its_format(client, coordinator):
    stay()
    client.force_login(coordinator)

    client.get(reverse("whereabouts:csv"), {"day": DEPARTURE.isoformat(), "colour": "unknown"})
    client.get(reverse("whereabouts:xlsx"), {"day": DEPARTURE.isoformat()})

    entries = AuditEntry.objects.filter(object_label="Who is where")
    with translation.override("en"):
        notes = sorted(render(entry.texts["note"]) for entry in entries)
    assert notes == [
        "CSV: 2 Mar 2026, country all, colour unknown, students listed: 1",
        "XLSX: 2 Mar 2026, country all, colour all, students listed: 1",
    ]


def test_exports_list_everyone_by_country_then_city(english, coordinator):
    stay(country="ES", city="Valencia")
    stay(country="ES", city="Madrid")
    stay(country="DE", city="Berlin")
    english.force_login(coordinator)

    response = english.get(reverse("whereabouts:csv"), {"day": DEPARTURE.isoformat()})

    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert [(row["Country"], row["City"]) for row in rows] == [
        ("Germany", "Berlin"),
        ("Spain", "Madrid"),
        ("Spain", "Valencia"),
    ]


@pytest.mark.parametrize("count", [5, 50])
def test_exports_cost_the_same_queries_for_few_and_many(
    client, coordinator, count, django_assert_num_queries
):
    many_stays(count, countries=("ES", "DE", "IT"), contacts=True)
    client.force_login(coordinator)

    for name in ("whereabouts:csv", "whereabouts:xlsx"):
        with django_assert_num_queries(7):  # the session, saved at login, is not written
            # The rows are read while the file is written: count them with it.
            response = client.get(reverse(name), {"day": DEPARTURE.isoformat()})
            content = response.getvalue()
        assert content.count(b"Ria de Boer") == count or name == "whereabouts:xlsx"


# Thousands of rows: written as they are read


def test_csv_streams_thousands_of_rows_in_constant_memory(client, coordinator):
    many_stays(1000, countries=("ES", "DE"), contacts=True)
    client.force_login(coordinator)
    exported_lines(client)  # what the first request of a process loads is not counted
    few = peak_while_streamed(client, "whereabouts:csv")
    many_stays(4000, countries=("ES", "DE"), contacts=True)

    peak, lines = peak_while_streamed(client, "whereabouts:csv"), exported_lines(client)

    assert lines == 1 + 5000
    # Five times the rows, not five times the memory: the rows are read a chunk at a time.
    assert peak < 2 * few


def test_xlsx_of_thousands_of_rows_comes_from_a_file(client, coordinator):
    many_stays(5000, countries=("ES", "DE"), contacts=True)
    client.force_login(coordinator)

    response = client.get(reverse("whereabouts:xlsx"), {"day": DEPARTURE.isoformat()})

    assert isinstance(response, FileResponse)
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == 1 + 5000


def peak_while_streamed(client, name: str) -> int:
    """The most memory taken at once while the export is asked for and read to its end."""
    tracemalloc.start()
    try:
        response = client.get(reverse(name), {"day": DEPARTURE.isoformat()})
        assert response.streaming
        for _piece in response.streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def exported_lines(client) -> int:
    response = client.get(reverse("whereabouts:csv"), {"day": DEPARTURE.isoformat()})
    assert isinstance(response, StreamingHttpResponse)
    return response.getvalue().count(b"\r\n")
