"""The home page's list of stays and the checklist status of its stays, as CSV and XLSX."""

import datetime

from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.exports.helpers import csv_rows, export_note, xlsx_rows
from tests.factories import MobilityFactory, ProgrammeFactory, StudentFactory
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import Step


def stay_in(programme_name: str, **facts) -> Mobility:
    student = StudentFactory.create(programme=ProgrammeFactory.create(name=programme_name))
    return MobilityFactory.create(student=student, **facts)


def test_stays_csv_holds_the_filtered_stays_of_every_page(english, coordinator):
    care = [stay_in("Zorg en welzijn") for _number in range(3)]
    stay_in("Kok")
    english.force_login(coordinator)
    english.post(reverse("home"), {"programme": "zorg"})

    response = english.get(reverse("mobilities:export-csv"))

    assert isinstance(response, StreamingHttpResponse)
    rows = csv_rows(response)
    assert sorted(row["Student number"] for row in rows) == sorted(
        stay.student.student_number for stay in care
    )
    assert {row["Programme"] for row in rows} == {"Zorg en welzijn"}
    assert {row["Destination country"] for row in rows} == {"Spain"}


def test_stays_export_takes_the_step_from_the_address(english, coordinator):
    later = stay_in("Kok")
    Mobility.objects.filter(pk=later.pk).update(step=Step.PREPARATION)
    stay_in("Kok")
    english.force_login(coordinator)

    rows = csv_rows(english.get(reverse("mobilities:export-csv"), {"step": Step.PREPARATION}))

    assert [row["Student number"] for row in rows] == [later.student.student_number]


def test_stays_xlsx_writes_dates_as_dates(english, coordinator):
    stay = stay_in("Kok", departure_date=datetime.date(2027, 3, 1))
    english.force_login(coordinator)

    response = english.get(reverse("mobilities:export-xlsx"))

    assert isinstance(response, FileResponse)
    headings, row = xlsx_rows(response)
    assert row[headings.index("Departure")] == datetime.datetime(2027, 3, 1)
    assert row[headings.index("Student number")] == stay.student.student_number


def test_a_supervisors_export_holds_only_their_stays(client, supervisor):
    theirs = stay_in("Kok", supervisor=supervisor)
    stay_in("Kok")
    client.force_login(supervisor)

    rows = csv_rows(client.get(reverse("mobilities:export-csv")))
    checklist = csv_rows(client.get(reverse("mobilities:checklists-csv")))

    assert [row["Studentnummer"] for row in rows] == [theirs.student.student_number]
    assert [row["Studentnummer"] for row in checklist] == [theirs.student.student_number]


def test_mentors_and_students_have_no_list_of_stays_to_export(client, mentor, student):
    stay_in("Kok")
    for user in (mentor, student):
        client.force_login(user)
        assert client.get(reverse("mobilities:export-csv")).status_code == 403
        assert client.get(reverse("mobilities:checklists-xlsx")).status_code == 403


def test_stays_export_is_audited_with_filters_and_count(english, coordinator):
    stay = stay_in("Zorg en welzijn")
    stay_in("Zorg en welzijn")
    english.force_login(coordinator)
    english.post(reverse("home"), {"programme": "zorg", "search": stay.student.last_name})

    english.get(reverse("mobilities:export-csv"))

    note = export_note("List of stays")
    assert note.startswith("CSV, rows: ")
    assert "Programme: zorg" in note
    assert "Student name or number: given, not recorded" in note
    assert stay.student.last_name not in note


def test_home_pages_link_to_the_exports(english, coordinator):
    stay_in("Kok")
    english.force_login(coordinator)

    page = english.get(reverse("home")).content.decode()

    for name in ("export-csv", "export-xlsx", "checklists-csv", "checklists-xlsx"):
        assert reverse(f"mobilities:{name}") in page


# The checklist status per stay.


def test_checklist_status_shows_each_items_status_in_its_column(english, coordinator):
    stay = stay_in("Kok")
    today = timezone.localdate()
    items = stay.items.filter(step=stay.step).order_by("pk")
    done, late, waived, not_applicable, open_ = list(items[:5])
    ChecklistItem.objects.filter(pk=done.pk).update(status=ItemStatus.DONE)
    ChecklistItem.objects.filter(pk=late.pk).update(
        required=True, applicable=True, due_date=today - datetime.timedelta(days=3)
    )
    ChecklistItem.objects.filter(pk=waived.pk).update(status=ItemStatus.WAIVED)
    ChecklistItem.objects.filter(pk=not_applicable.pk).update(applicable=False)
    ChecklistItem.objects.filter(pk=open_.pk).update(
        applicable=True, due_date=today + datetime.timedelta(days=30)
    )
    english.force_login(coordinator)

    response = english.get(reverse("mobilities:checklists-csv"))

    assert isinstance(response, StreamingHttpResponse)
    [row] = csv_rows(response)
    assert row["Student number"] == stay.student.student_number
    assert row[done.template_item.title] == "done"
    assert row[late.template_item.title] == "late"
    assert row[waived.template_item.title] == "waived"
    assert row[not_applicable.template_item.title] == "not applicable"
    assert row[open_.template_item.title] == "to do"


def test_checklist_status_has_a_column_per_template_item_in_template_order(english, coordinator):
    stay = stay_in("Kok")
    english.force_login(coordinator)

    headings, _row = xlsx_rows(english.get(reverse("mobilities:checklists-xlsx")))

    titles = list(stay.items.order_by("template_item__step", "template_item__position", "pk"))
    assert list(headings[5:]) == [item.template_item.title for item in titles]


def test_checklist_status_follows_the_filter(english, coordinator):
    care = stay_in("Zorg en welzijn")
    stay_in("Kok")
    english.force_login(coordinator)
    english.post(reverse("home"), {"programme": "zorg"})

    rows = csv_rows(english.get(reverse("mobilities:checklists-csv")))

    assert [row["Student number"] for row in rows] == [care.student.student_number]
    assert export_note("Checklist status per stay").startswith("CSV, rows: 1")


def _export_queries(client) -> tuple[int, int]:
    """How many queries the checklist export took, and how many rows it wrote."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("mobilities:checklists-csv"))
        rows = csv_rows(response)
    return len(queries), len(rows)


def test_checklist_status_reads_as_many_queries_for_50_stays_as_for_5(english, coordinator):
    programme = ProgrammeFactory.create(name="Kok")
    for _number in range(5):
        MobilityFactory.create(student=StudentFactory.create(programme=programme))
    english.force_login(coordinator)
    english.get(reverse("home"))
    few, few_rows = _export_queries(english)
    for _number in range(45):
        MobilityFactory.create(student=StudentFactory.create(programme=programme))

    many, many_rows = _export_queries(english)

    assert (few_rows, many_rows) == (5, 50)
    assert many == few
