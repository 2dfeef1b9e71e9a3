import datetime

import pytest
from django.utils import translation

from tests.factories import (
    GuardianFactory,
    HostCompanyFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)
from tests.imports.helpers import STUDENT_HEADINGS, apply, csv_bytes, run_of, xlsx_bytes
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import AuditEntry
from wegwijzer.hosts.models import HostCompany
from wegwijzer.imports import services
from wegwijzer.imports.models import ImportMapping
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import Guardian, Student


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def school(db):
    programme = ProgrammeFactory.create(qualification_code="25181", name="Zelfstandig werkend kok")
    mentor = UserFactory.create(
        username="svries", email="s.devries@school.example", role=Role.MENTOR
    )
    return programme, mentor


def student_row(number="100001", **cells: str) -> list[str]:
    row = {
        "Studentnummer": number, "Roepnaam": "Daan", "Tussenvoegsel": "de",
        "Achternaam": "Vries", "Geboortedatum": "14-03-2008", "E-mailadres": "daan@example.nl",
        "Mobiel": "0612345678", "Crebo": "25181", "Leerjaar": "2", "Klas": "KOK2A",
        "Mentor": "svries", "E-mail ouder/verzorger": "ouder@example.nl",
    }  # fmt: skip
    row.update(cells)
    return [row[heading] for heading in STUDENT_HEADINGS]


def test_import_creates_students_with_every_recognised_column(school):
    programme, mentor = school
    run = run_of(csv_bytes([STUDENT_HEADINGS, student_row()]))

    counts = apply(run)

    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "refused": 0}
    student = Student.objects.get(student_number="100001")
    assert (student.first_name, student.last_name) == ("Daan", "de Vries")
    assert student.date_of_birth == datetime.date(2008, 3, 14)
    assert (student.email, student.phone) == ("daan@example.nl", "0612345678")
    assert (student.programme, student.year, student.class_name) == (programme, 2, "KOK2A")
    assert student.mentor == mentor
    assert list(student.guardians.values_list("email", flat=True)) == ["ouder@example.nl"]


def test_every_kind_of_bad_row_is_refused_with_its_reason(school):
    rows = [
        STUDENT_HEADINGS,
        student_row("100001"),
        student_row(""),
        student_row("100003", Crebo="99999"),
        student_row("100004", Geboortedatum="31-02-2008"),
        student_row("100005", Geboortedatum="morgen"),
        student_row("100001"),
        student_row("100007", **{"E-mailadres": "geen-adres"}),
        student_row("100008", Leerjaar="5"),
        student_row("100009", Mentor="onbekend"),
        student_row("100010", Achternaam=""),
        student_row("100011", **{"E-mail ouder/verzorger": "ouder@"}),
        student_row("100012", Klas="K" * 31),
    ]
    plan = services.plan_of(run_of(csv_bytes(rows)))

    reasons = {row.line: row.reasons for row in plan.refused}
    assert [row.key for row in plan.created] == ["100001"]
    assert reasons == {
        3: ["The student number is missing."],
        4: ["The programme “99999” is not known."],
        5: ["The date of birth “31-02-2008” is not a date."],
        6: ["The date of birth “morgen” is not a date."],
        7: ["100001 is also on line 2 of the file."],
        8: ["The e-mail “geen-adres” is not an e-mail address."],
        9: ["The year “5” is not 1, 2, 3 or 4."],
        10: ["The mentor “onbekend” is not known."],
        11: ["The last name is missing."],
        12: ["The guardian's e-mail “ouder@” is not an e-mail address."],
        13: ["The class is longer than 30 characters."],
    }


def test_reimporting_the_same_file_changes_nothing(school):
    content = csv_bytes([STUDENT_HEADINGS, student_row("100001"), student_row("100002")])
    apply(run_of(content))
    before = list(Student.objects.values().order_by("pk"))
    entries = AuditEntry.objects.count()

    counts = apply(run_of(content))

    assert counts == {"created": 0, "updated": 0, "unchanged": 2, "refused": 0}
    assert list(Student.objects.values().order_by("pk")) == before
    assert Guardian.objects.count() == 2
    # Only the import's own entry, no entry per student.
    assert AuditEntry.objects.count() == entries + 1


def test_an_empty_cell_never_blanks_a_field(school):
    programme, _mentor = school
    student = StudentFactory.create(
        student_number="100001",
        programme=programme,
        email="oud@example.nl",
        phone="0699999999",
        class_name="KOK1A",
    )
    row = student_row("100001", **{"E-mailadres": "", "Mobiel": "", "Klas": "KOK2A"})

    apply(run_of(csv_bytes([STUDENT_HEADINGS, row])))

    student.refresh_from_db()
    assert (student.email, student.phone, student.class_name) == (
        "oud@example.nl", "0699999999", "KOK2A",
    )  # fmt: skip


def test_an_update_lists_its_changed_fields_and_raises_the_version(school):
    programme, _mentor = school
    student = StudentFactory.create(
        student_number="100001",
        programme=programme,
        first_name="Daan",
        last_name="de Vries",
        year=1,
        class_name="KOK1A",
    )
    GuardianFactory.create(student=student, email="ouder@example.nl")
    run = run_of(csv_bytes([STUDENT_HEADINGS, student_row("100001", Leerjaar="2")]))

    plan = services.plan_of(run)

    [updated] = plan.updated
    assert updated.changes["year"] == ("1", "2")
    assert updated.changes["class_name"] == ("KOK1A", "KOK2A")
    assert updated.extra == []
    apply(run)
    student.refresh_from_db()
    assert (student.year, student.version) == (2, 1)
    assert Guardian.objects.filter(student=student).count() == 1


def test_windows_1252_semicolon_csv_keeps_accents(school):
    row = student_row("100001", Roepnaam="Zoë", Achternaam="Hénkes", Tussenvoegsel="")
    content = csv_bytes([STUDENT_HEADINGS, row], delimiter=";", encoding="cp1252")

    apply(run_of(content))

    assert Student.objects.get().full_name == "Zoë Hénkes"


def test_utf8_with_byte_order_mark_and_commas_is_read(school):
    content = csv_bytes([STUDENT_HEADINGS, student_row()], delimiter=",", encoding="utf-8-sig")

    apply(run_of(content))

    assert Student.objects.get().student_number == "100001"


def test_dates_in_dutch_iso_and_excel_serial_forms(school):
    rows = [
        STUDENT_HEADINGS,
        student_row("1", Geboortedatum="14/03/2008"),
        student_row("2", Geboortedatum="2008-03-14"),
        student_row("3", Geboortedatum="39521"),
        student_row("4", Geboortedatum="14-3-08"),
    ]
    apply(run_of(csv_bytes(rows)))

    assert set(Student.objects.values_list("date_of_birth", flat=True)) == {
        datetime.date(2008, 3, 14)
    }


def test_xlsx_date_cells_and_numbers_are_read(school):
    row: list = student_row("100001", Leerjaar="")
    row[STUDENT_HEADINGS.index("Geboortedatum")] = datetime.datetime(2008, 3, 14)
    row[STUDENT_HEADINGS.index("Leerjaar")] = 2
    row[STUDENT_HEADINGS.index("Studentnummer")] = 100001
    content = xlsx_bytes([STUDENT_HEADINGS, row])

    apply(run_of(content, filename="export.xlsx"))

    student = Student.objects.get()
    assert (student.student_number, student.date_of_birth, student.year) == (
        "100001", datetime.date(2008, 3, 14), 2,
    )  # fmt: skip


def test_a_saved_mapping_overrides_recognition(school):
    headings = ["Stamnr", "Roepnaam", "Achternaam", "Geb.datum", "Crebo", "Jaar", "Groep"]
    row = ["100001", "Daan", "Vries", "14-03-2008", "25181", "2", "KOK2A"]
    mapping = ImportMapping.objects.create(
        name="Eduarte", kind="students",
        columns={"stamnr": "student_number", "gebdatum": "date_of_birth", "groep": ""},
    )  # fmt: skip

    apply(run_of(csv_bytes([headings, row]), mapping=mapping))

    student = Student.objects.get()
    assert (student.student_number, student.class_name) == ("100001", "")


def test_choosing_a_column_and_saving_the_mapping(school, coordinator):
    headings = ["Nummer", "Roepnaam", "Achternaam", "Geboortedatum", "Crebo", "Leerjaar"]
    run = run_of(csv_bytes([headings, ["100001", "Daan", "Vries", "14-03-2008", "25181", "2"]]))
    assert services.plan_of(run).refused[0].reasons == ["The student number is missing."]

    services.choose_columns(run, columns={"nummer": "student_number"})
    mapping = services.save_mapping(run, by=coordinator, name="Magister")

    assert [row.key for row in services.plan_of(run).created] == ["100001"]
    assert mapping.columns["nummer"] == "student_number"
    assert run_of(csv_bytes([headings]), mapping=mapping).columns["nummer"] == "student_number"


def test_apply_refuses_a_plan_that_changed_since_the_dry_run(school):
    programme, _mentor = school
    student = StudentFactory.create(student_number="100001", programme=programme, year=1)
    run = run_of(csv_bytes([STUDENT_HEADINGS, student_row("100001")]))
    shown = services.digest(services.plan_of(run))
    Student.objects.filter(pk=student.pk).update(class_name="Anders")

    with pytest.raises(services.ImportRefused):
        services.apply_import(run, by=None, plan_digest=shown)

    student.refresh_from_db()
    assert (student.year, student.class_name) == (1, "Anders")


def test_an_import_is_applied_once(school):
    run = run_of(csv_bytes([STUDENT_HEADINGS, student_row()]))
    shown = services.digest(services.plan_of(run))
    services.apply_import(run, by=None, plan_digest=shown)

    with pytest.raises(services.ImportRefused):
        services.apply_import(run, by=None, plan_digest=shown)

    assert Student.objects.count() == 1


def test_the_import_is_audited_once_with_its_counts_and_per_student(school, coordinator):
    rows = [STUDENT_HEADINGS, student_row("1"), student_row("2"), student_row("")]
    run = run_of(csv_bytes(rows), by=coordinator)

    apply(run, by=coordinator)

    entry = AuditEntry.objects.get(object_type="imports.importrun")
    assert entry.actor == coordinator
    assert entry.changes["created"] == ["", "2"]
    assert entry.changes["refused"] == ["", "1"]
    assert "2 aangemaakt" in entry.note  # the school's language
    assert AuditEntry.objects.filter(object_type="students.student", action="create").count() == 2


def test_apply_costs_the_same_queries_for_5_and_50_rows(school, django_assert_max_num_queries):
    for size, offset in ((5, 0), (50, 1000)):
        rows = [STUDENT_HEADINGS] + [student_row(str(offset + n)) for n in range(size)]
        run = run_of(csv_bytes(rows))
        shown = services.digest(services.plan_of(run))
        with django_assert_max_num_queries(16):
            services.apply_import(run, by=None, plan_digest=shown)
    assert Student.objects.count() == 55


def test_hosts_are_upserted_by_name_country_and_city(db):
    headings = ["Bedrijfsnaam", "Land", "Plaats", "Branche", "Contactpersoon", "E-mail", "Telefoon"]
    rows = [
        headings,
        ["Hotel Sol", "Spanje", "Valencia", "Horeca", "Ana Ruiz", "ana@sol.example", "+34 600"],
        ["hotel sol", "ES", "Valencia", "", "", "", ""],
        ["Zorghuis", "Atlantis", "Nergens", "", "", "", ""],
        ["Haus Grün", "Germany", "Köln", "Zorg", "", "", ""],
    ]
    plan = services.plan_of(run_of(csv_bytes(rows), kind="hosts"))
    # The same company (whatever its capitals, its country by name or code) on two lines
    # that differ: neither is guessed right, both are refused.
    assert [row.reasons for row in plan.refused] == [
        ["Hotel Sol, Valencia, ES is also on line 3 of the file."],
        ["hotel sol, Valencia, ES is also on line 2 of the file."],
        ["The country “Atlantis” is not known."],
    ]

    apply(run_of(csv_bytes(rows[:2] + rows[4:]), kind="hosts"))
    again = apply(run_of(csv_bytes([headings, rows[2]]), kind="hosts"))

    assert again["created"] == 0  # "hotel sol", ES, Valencia is the Hotel Sol of Spain
    sol = HostCompany.objects.get(name__iexact="hotel sol")
    assert (str(sol.country), sol.sector, sol.contact_phone) == ("ES", "Horeca", "+34 600")
    assert HostCompany.objects.count() == 2


def test_programmes_are_upserted_by_crebo_code(db):
    ProgrammeFactory.create(qualification_code="25655", name="Verzorgende", level=3)
    rows = [
        ["Crebo", "Opleiding", "Niveau"],
        ["25655", "Verzorgende-IG", "3"],
        ["25591", "Mediavormgever", "4"],
        ["2559", "Fout", "9"],
    ]

    counts = apply(run_of(csv_bytes(rows), kind="programmes"))

    assert counts == {"created": 1, "updated": 1, "unchanged": 0, "refused": 1}
    assert Programme.objects.get(qualification_code="25655").name == "Verzorgende-IG"


def test_mentors_get_an_account_without_password_and_other_roles_are_refused(db):
    UserFactory.create(
        username="coord@school.example", email="coord@school.example", role=Role.COORDINATOR
    )
    rows = [
        ["E-mailadres", "Voornaam", "Achternaam"],
        ["P.Smit@school.example", "Petra", "Smit"],
        ["coord@school.example", "Cor", "Dinator"],
    ]

    plan = services.plan_of(run_of(csv_bytes(rows), kind="mentors"))
    assert plan.refused[0].reasons == [
        "An account with this e-mail address exists as International coordinator."
    ]
    apply(run_of(csv_bytes(rows), kind="mentors"))

    mentor = User.objects.get(username="p.smit@school.example")
    assert (mentor.role, mentor.has_usable_password()) == (Role.MENTOR, False)


def test_a_host_is_found_whatever_the_capitals(db):
    host = HostCompanyFactory.create(name="HOTEL SOL", country="ES", city="Valencia")
    rows = [
        ["Bedrijfsnaam", "Land", "Plaats", "Branche"],
        ["Hotel Sol", "ES", "Valencia", "Horeca"],
    ]

    counts = apply(run_of(csv_bytes(rows), kind="hosts"))

    assert (counts["created"], counts["updated"]) == (0, 1)
    host.refresh_from_db()
    assert (host.name, host.sector) == ("Hotel Sol", "Horeca")


def test_a_student_whose_data_was_erased_is_refused_not_made_again(school):
    """Erasure keeps a keyed hash of the number (students.models.erased_number): next year's
    export, which still lists the student, must not bring their data back."""
    from wegwijzer.privacy.erasure import erase_student

    apply(run_of(csv_bytes([STUDENT_HEADINGS, student_row("100001")])))
    erase_student(Student.objects.get(student_number="100001"), by=None)

    run = run_of(csv_bytes([STUDENT_HEADINGS, student_row("100001"), student_row("100002")]))
    plan = services.plan_of(run)
    counts = apply(run)

    assert counts["created"] == 1 and counts["refused"] == 1
    assert [row.reasons for row in plan.refused] == [["This student's personal data was erased."]]
    assert not Student.objects.filter(student_number="100001").exists()
    assert Student.objects.filter(first_name="Daan", erased_at=None).count() == 1  # 100002


def test_a_phone_number_excel_stored_as_a_number_is_refused_not_guessed(school):
    rows = [STUDENT_HEADINGS, student_row("100001")]
    rows[1][STUDENT_HEADINGS.index("Mobiel")] = 612345678  # type: ignore[call-overload]
    plan = services.plan_of(run_of(xlsx_bytes(rows), filename="export.xlsx"))

    assert plan.refused[0].reasons == [
        "Excel stored the phone number as a number and dropped its leading 0: "
        "make the column text in Excel and export again."
    ]


def test_a_mentor_is_found_whatever_the_capitals_of_the_address(db):
    UserFactory.create(username="piet", email="Piet@School.nl", role=Role.MENTOR)
    rows = [["E-mail", "Voornaam", "Achternaam"], ["piet@school.nl", "Piet", "Jansen"]]

    plan = services.plan_of(run_of(csv_bytes(rows), kind="mentors"))

    assert not plan.created
    assert User.objects.filter(email__iexact="piet@school.nl").count() == 1
