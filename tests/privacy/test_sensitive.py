import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.documents.samples import PDF, upload
from tests.factories import (
    EmergencyContactFactory,
    GuardianFactory,
    MobilityFactory,
    ProgrammeFactory,
    StudentFactory,
)
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.documents.services import store_document
from wegwijzer.students import services
from wegwijzer.students.services import PeopleChanges

pytestmark = pytest.mark.django_db


@pytest.fixture
def abroad(student, supervisor):
    """The student fixture's record, with medical notes, a contact and a supervised stay."""
    record = student.student
    record.medical_notes = "Allergic to peanuts"
    record.passport_number = "NX7K2P9Q4"
    record.save()
    EmergencyContactFactory.create(student=record, name="Oom Kees")
    MobilityFactory.create(student=record, supervisor=supervisor)
    return record


def sensitive_page(client, user, student):
    client.force_login(user)
    return client.get(reverse("students:sensitive", args=[student.public_id]))


@pytest.mark.parametrize("role", ["coordinator", "supervisor", "student"])
def test_sensitive_page_shows_contacts_medical_notes_and_passport(english, request, role, abroad):
    response = sensitive_page(english, request.getfixturevalue(role), abroad)

    content = response.content.decode()
    assert "Oom Kees" in content and "Allergic to peanuts" in content and "NX7K2P9Q4" in content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["coordinator", "supervisor", "student"])
def test_opening_the_sensitive_page_is_recorded(client, request, role, abroad):
    user = request.getfixturevalue(role)

    sensitive_page(client, user, abroad)

    entry = AuditEntry.objects.get(action=Action.VIEW)
    assert (entry.actor, entry.student, entry.changes) == (user, abroad, {})


def test_mentor_may_not_open_the_sensitive_page_of_a_mentee(client, mentor, abroad):
    abroad.mentor = mentor
    abroad.save()

    response = sensitive_page(client, mentor, abroad)

    assert response.status_code == 403
    assert "Allergic to peanuts" not in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.VIEW).exists()


def test_mentor_sees_no_link_and_no_emergency_contacts_on_the_student_page(
    english, mentor, coordinator
):
    student = StudentFactory.create(mentor=mentor)
    services.update_student(
        student, by=coordinator, version=None, changes={},
        emergency_contacts=PeopleChanges(added=[
            {"name": "Oom Kees", "relationship": "", "email": "", "phone": "+31 6 1"}
        ]),
    )  # fmt: skip
    english.force_login(mentor)

    content = english.get(reverse("students:detail", args=[student.public_id])).content.decode()

    assert reverse("students:sensitive", args=[student.public_id]) not in content
    assert "Oom Kees" not in content


def test_mentor_sees_that_the_insurer_changed_but_not_to_what(english, mentor, coordinator):
    student = StudentFactory.create(mentor=mentor)
    services.update_student(
        student, by=coordinator, version=None, changes={"health_insurer": "Menzis"}
    )
    english.force_login(mentor)

    content = english.get(reverse("students:detail", args=[student.public_id])).content.decode()

    assert "Health insurer: — " in content and "•••" in content
    assert "Menzis" not in content


def test_another_student_gets_404(client, other_student, abroad):
    assert sensitive_page(client, other_student, abroad).status_code == 404


def test_opening_the_edit_form_is_recorded_as_a_view(client, coordinator, abroad):
    client.force_login(coordinator)

    client.get(reverse("students:edit", args=[abroad.public_id]))

    assert AuditEntry.objects.filter(action=Action.VIEW, student=abroad).count() == 1


def test_document_download_is_recorded(client, student, coordinator):
    mobility = MobilityFactory.create(student=student.student)
    document = store_document(
        by=coordinator, mobility=mobility, item=None,
        upload=upload("Paspoort.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip
    client.force_login(student)

    client.get(reverse("documents:download", args=[document.public_id]))

    entry = AuditEntry.objects.get(action=Action.VIEW)
    assert (entry.actor, entry.mobility, entry.student) == (student, mobility, student.student)
    assert entry.object_id == str(document.public_id)


def test_a_changed_sensitive_field_is_recorded_without_its_values(coordinator):
    student = StudentFactory.create(medical_notes="Asthma")

    services.update_student(
        student,
        by=coordinator,
        version=None,
        changes={"medical_notes": "Asthma, inhaler", "phone": "06 1"},
    )

    entry = AuditEntry.objects.get(action=Action.CHANGE)
    assert entry.changes == {"medical_notes": ["•••", "•••"], "phone": ["", "06 1"]}
    assert "Asthma" not in str(AuditEntry.objects.values_list("changes", "note", "object_label"))


def test_created_and_removed_people_are_recorded_with_their_values(coordinator):
    student = StudentFactory.create()
    services.update_student(
        student, by=coordinator, version=None, changes={},
        guardians=PeopleChanges(added=[
            {"name": "Marieke", "relationship": "mother", "email": "", "phone": "06 2"}
        ]),
    )  # fmt: skip
    guardian = student.guardians.get()

    services.update_student(
        student,
        by=coordinator,
        version=None,
        changes={},
        guardians=PeopleChanges(removed=[guardian]),
    )

    created, removed = AuditEntry.objects.order_by("pk")
    assert created.action == Action.CREATE and created.changes["name"] == ["", "Marieke"]
    assert removed.action == Action.DELETE and removed.changes["phone"] == ["06 2", ""]


def test_student_page_shows_the_history_of_the_student_and_their_stays(english, coordinator):
    student = StudentFactory.create()
    services.update_student(student, by=coordinator, version=None, changes={"phone": "06 12"})
    MobilityFactory.create(student=student, by=coordinator, destination_city="Valencia")
    english.force_login(coordinator)

    content = english.get(reverse("students:detail", args=[student.public_id])).content.decode()

    assert "History" in content
    assert "Phone: — <span" in content and "06 12" in content
    assert escape(str(coordinator)) in content


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_student_page_queries_do_not_grow_with_the_history(client, coordinator):
    student = StudentFactory.create()
    GuardianFactory.create(student=student)
    MobilityFactory.create(student=student, by=coordinator)
    url = reverse("students:detail", args=[student.public_id])
    client.force_login(coordinator)
    few = count_queries(client, url)

    for n in range(20):
        services.update_student(student, by=coordinator, version=None, changes={"phone": f"06 {n}"})
        MobilityFactory.create(student=student, by=coordinator)
        GuardianFactory.create(student=student)
    many = count_queries(client, url)

    assert few == many


def test_coordinator_edits_sensitive_fields_in_the_student_form(english, coordinator):
    student = StudentFactory.create()
    english.force_login(coordinator)
    data = {
        "first_name": student.first_name, "last_name": student.last_name,
        "student_number": student.student_number, "date_of_birth": "2007-05-01",
        "programme": student.programme.pk, "year": "2", "version": student.version,
        "medical_notes": "Epilepsy; medication in the morning", "passport_number": "NX7K2P9Q4",
        "passport_expiry": "2031-02-01", "health_insurer": "CZ", "insurance_number": "123456789",
        **{f"{prefix}-{key}": value for prefix in ("guardians", "emergency_contacts")
           for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
    }  # fmt: skip

    response = english.post(reverse("students:edit", args=[student.public_id]), data)

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.medical_notes == "Epilepsy; medication in the morning"
    assert (student.passport_number, student.insurance_number) == ("NX7K2P9Q4", "123456789")
    changes = AuditEntry.objects.get(action=Action.CHANGE).changes
    assert changes["medical_notes"] == ["", "•••"] and changes["health_insurer"] == ["", "CZ"]


def test_a_new_student_is_recorded_with_values_but_not_the_encrypted_ones(coordinator):
    services.create_student(
        by=coordinator, first_name="Daan", last_name="Jansen", student_number="540099",
        date_of_birth=datetime.date(2008, 3, 14), programme=ProgrammeFactory.create(), year=2,
        medical_notes="Asthma",
    )  # fmt: skip

    changes = AuditEntry.objects.get(action=Action.CREATE).changes
    assert changes["first_name"] == ["", "Daan"]
    assert changes["medical_notes"] == ["", "•••"]
