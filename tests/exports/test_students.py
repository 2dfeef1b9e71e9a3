"""The students list as CSV and XLSX: the list's remembered filter, every page, audited."""

import datetime

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from tests.exports.helpers import csv_rows, export_note, xlsx_rows
from tests.factories import ProgrammeFactory, StudentFactory
from wegwijzer.students.models import Student


def test_csv_holds_only_the_filtered_class_on_every_page(english, coordinator):
    programme = ProgrammeFactory.create(name="Verzorgende IG")
    in_class = StudentFactory.create_batch(30, class_name="VZ3A", programme=programme)
    StudentFactory.create_batch(3, class_name="VZ3B", programme=programme)
    english.force_login(coordinator)
    english.post(reverse("students:list"), {"class_name": "vz3a"})

    response = english.get(reverse("students:export-csv"))

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="students.csv"'
    rows = csv_rows(response)
    assert sorted(row["Student number"] for row in rows) == sorted(
        student.student_number for student in in_class
    )
    assert {row["Class"] for row in rows} == {"VZ3A"}
    assert {row["Programme"] for row in rows} == {"Verzorgende IG"}


def test_export_follows_the_programme_filter_and_forgets_it_when_cleared(english, coordinator):
    care = StudentFactory.create(programme=ProgrammeFactory.create(name="Zorg en welzijn"))
    kitchen = StudentFactory.create(programme=ProgrammeFactory.create(name="Kok"))
    english.force_login(coordinator)
    english.post(reverse("students:list"), {"programme": "zorg"})

    filtered = csv_rows(english.get(reverse("students:export-csv")))
    english.post(reverse("students:list"), {"clear": "1"})
    everyone = csv_rows(english.get(reverse("students:export-csv")))

    assert [row["Student number"] for row in filtered] == [care.student_number]
    assert {row["Student number"] for row in everyone} == {
        care.student_number,
        kitchen.student_number,
    }


def test_xlsx_writes_the_date_of_birth_as_a_date(english, coordinator):
    student = StudentFactory.create(date_of_birth=datetime.date(2008, 5, 17), class_name="K2")
    english.force_login(coordinator)

    response = english.get(reverse("students:export-xlsx"))

    assert isinstance(response, FileResponse)
    headings, *rows = xlsx_rows(response)
    assert "Date of birth" in headings
    [row] = [row for row in rows if row[0] == student.student_number]
    assert row[headings.index("Date of birth")] == datetime.datetime(2008, 5, 17)
    assert row[headings.index("Class")] == "K2"


def test_headings_are_in_dutch_by_default(client, coordinator):
    StudentFactory.create()
    client.force_login(coordinator)

    response = client.get(reverse("students:export-csv"))

    assert "Studentnummer" in csv_rows(response)[0]


def test_export_is_audited_with_its_filters_and_count_but_no_name(english, coordinator):
    student = StudentFactory.create(class_name="VZ3A")
    StudentFactory.create(class_name="VZ3A")
    english.force_login(coordinator)
    english.post(reverse("students:list"), {"class_name": "VZ3A", "q": student.last_name})

    english.get(reverse("students:export-xlsx"))

    note = export_note("Students list")
    assert note.startswith("XLSX, rows: ")
    assert "Class: VZ3A" in note
    assert "Name or student number: given, not recorded" in note
    assert student.last_name not in note


def test_students_list_page_links_to_its_exports(english, coordinator):
    StudentFactory.create()
    english.force_login(coordinator)

    page = english.get(reverse("students:list")).content.decode()

    assert reverse("students:export-csv") in page
    assert reverse("students:export-xlsx") in page


def test_mentor_and_supervisor_may_not_export_the_students(client, mentor, supervisor):
    StudentFactory.create(mentor=mentor)
    for user in (mentor, supervisor):
        client.force_login(user)
        assert client.get(reverse("students:export-csv")).status_code == 403


def test_csv_of_hundreds_of_students_streams_every_row(english, coordinator):
    programme = ProgrammeFactory.create()
    Student.objects.bulk_create(
        StudentFactory.build(programme=programme, class_name="ICT2") for _number in range(400)
    )
    english.force_login(coordinator)
    english.post(reverse("students:list"), {"class_name": "ICT2"})

    response = english.get(reverse("students:export-csv"))

    assert isinstance(response, StreamingHttpResponse)
    assert len(csv_rows(response)) == 400
    assert export_note("Students list").startswith("CSV, rows: 400")
