import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ProgrammeFactory, StudentFactory
from tests.imports.helpers import csv_bytes
from wegwijzer.imports.models import ImportMapping, ImportRun
from wegwijzer.students.models import Student

HEADINGS = ["Nummer", "Roepnaam", "Achternaam", "Geboortedatum", "Crebo", "Leerjaar", "Klas"]


def export(*rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("export.csv", csv_bytes([HEADINGS, *rows]), "text/csv")


@pytest.fixture
def programme(db):
    return ProgrammeFactory.create(qualification_code="25181")


def row(number: str, **cells: str) -> list[str]:
    values = {
        "Nummer": number,
        "Roepnaam": "Daan",
        "Achternaam": "Vries",
        "Geboortedatum": "14-03-2008",
        "Crebo": "25181",
        "Leerjaar": "2",
        "Klas": "KOK2A",
    }
    values.update(cells)  # fmt: skip
    return [values[heading] for heading in HEADINGS]


def upload(client, *rows: list[str], follow: bool = False, **data: str):
    data = {"kind": "students", **data}
    return client.post(reverse("imports:start"), {**data, "file": export(*rows)}, follow=follow)


def test_upload_shows_the_dry_run_and_changes_nothing(english, coordinator, programme):
    english.force_login(coordinator)

    response = upload(english, row("100001"), row("100002", Geboortedatum="gisteren"), follow=True)

    page = response.content.decode()
    assert "Dry run of export.csv" in page
    assert "The student number is missing." in page
    assert "The date of birth “gisteren” is not a date." in page
    assert not Student.objects.exists()


def test_choosing_a_column_then_applying_imports_the_rows(english, coordinator, programme):
    english.force_login(coordinator)
    upload(english, row("100001"), row("100002"), row("100003", Crebo="1"))
    run = ImportRun.objects.get()
    columns = {
        f"column_{n}": run.columns[name]
        for n, name in enumerate(
            ["nummer", "roepnaam", "achternaam", "geboortedatum", "crebo", "leerjaar", "klas"]
        )
    }
    columns["column_0"] = "student_number"  # fmt: skip

    english.post(reverse("imports:run", args=[run.public_id]),
                 {**columns, "mapping_name": "Eduarte"})  # fmt: skip
    page = english.get(reverse("imports:run", args=[run.public_id])).content.decode()
    plan = page.split('name="plan" value="')[1].split('"')[0]
    response = english.post(
        reverse("imports:apply", args=[run.public_id]), {"plan": plan}, follow=True
    )

    assert "The import is done: 2 created, 0 updated." in response.content.decode()
    assert "?class_name=KOK2A" in response.content.decode()
    assert sorted(Student.objects.values_list("student_number", flat=True)) == ["100001", "100002"]
    assert ImportMapping.objects.get(name="Eduarte").columns["nummer"] == "student_number"
    run.refresh_from_db()
    assert (bytes(run.content), run.classes) == (b"", ["KOK2A"])


def test_a_stale_apply_changes_nothing_and_says_so(english, coordinator, programme):
    english.force_login(coordinator)
    student = StudentFactory.create(student_number="100001", programme=programme, year=1)
    upload(english, ["100001", "Daan", "Vries", "14-03-2008", "25181", "2", "KOK2A"])
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(columns={**run.columns, "nummer": "student_number"})

    response = english.post(
        reverse("imports:apply", args=[run.public_id]), {"plan": "0" * 64}, follow=True
    )

    assert "The data changed since the dry run" in response.content.decode()
    student.refresh_from_db()
    assert student.year == 1


def test_a_mapping_of_another_kind_is_refused(english, coordinator):
    english.force_login(coordinator)
    mapping = ImportMapping.objects.create(name="CRM", kind="hosts", columns={})

    response = upload(english, row("1"), mapping=str(mapping.pk))

    assert "These saved columns are for another kind of file." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_file_that_is_no_table_is_refused(english, coordinator):
    english.force_login(coordinator)
    broken = SimpleUploadedFile("export.xlsx", b"PK\x03\x04 no workbook")

    response = english.post(reverse("imports:start"), {"kind": "students", "file": broken})

    assert "This file cannot be read as a CSV or XLSX table." in response.content.decode()


def test_only_coordinators_import(client, mentor, programme):
    client.force_login(mentor)

    response = upload(client, row("100001"))

    assert response.status_code == 403
    assert not ImportRun.objects.exists()


def test_a_sample_file_downloads(english, coordinator):
    english.force_login(coordinator)

    response = english.get(reverse("imports:sample", args=["osiris-studenten.csv"]))

    assert b"Studentnummer" in b"".join(response.streaming_content)
    assert english.get(reverse("imports:sample", args=["settings.py"])).status_code == 404


def test_the_dry_run_page_does_not_grow_in_queries_with_rows(
    english, coordinator, programme, django_assert_max_num_queries
):
    english.force_login(coordinator)
    upload(english, *[row(str(100000 + n)) for n in range(60)])
    run = ImportRun.objects.get()

    with django_assert_max_num_queries(15):
        english.get(reverse("imports:run", args=[run.public_id]))
