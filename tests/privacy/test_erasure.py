import datetime
import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from tests.factories import MobilityFactory, StudentFactory
from tests.privacy.conftest import EMAIL, FIRST, LAST, NUMBER
from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.documents.models import Document
from wegwijzer.mobilities.models import ChecklistItem, Decision, Mobility, Outcome
from wegwijzer.privacy.erasure import StillAbroad, erase_student
from wegwijzer.privacy.registry import KEPT, children
from wegwijzer.students.models import EmergencyContact, Guardian, Student

pytestmark = pytest.mark.django_db

NEEDLES = [FIRST, LAST, EMAIL, NUMBER]
TEXT_COLUMNS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def every_text_value():
    """(model, field, value) for every text column of every row in the database."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_COLUMNS):
                continue
            for value in model._base_manager.values_list(field.attname, flat=True):
                if value is not None:
                    text = value if isinstance(value, str) else json.dumps(value)
                    yield model, field.name, text


def test_erasure_leaves_the_name_email_and_number_nowhere_in_the_database(
    client, coordinator, full_student
):
    client.force_login(coordinator)
    client.get(reverse("students:sensitive", args=[full_student.public_id]))
    client.get(reverse("privacy:export", args=[full_student.public_id]))
    # The data is there to find before the erasure: the search below can fail.
    before = [(m, f) for m, f, text in every_text_value() if any(n in text for n in NEEDLES)]
    assert len(before) > 10

    response = client.post(
        reverse("privacy:erase", args=[full_student.public_id]), {"student_number": NUMBER}
    )

    assert response.status_code == 302
    found = [
        (model._meta.label, field, needle)
        for model, field, text in every_text_value()
        for needle in NEEDLES
        if needle.lower() in text.lower()
    ]
    assert found == []


def test_erasure_removes_people_documents_account_and_free_text(
    coordinator, full_student, account, django_capture_on_commit_callbacks
):
    mobility = full_student.mobilities.get()
    stored = mobility.documents.get().file
    assert stored.storage.exists(stored.name)

    # The files go once the erasure is committed.
    with django_capture_on_commit_callbacks(execute=True):
        erase_student(full_student, by=coordinator)

    assert not Guardian.objects.exists() and not EmergencyContact.objects.exists()
    assert not Document.objects.exists()
    assert not stored.storage.exists(stored.name)
    assert not User.objects.filter(pk=account.pk).exists()
    student = Student.objects.get(pk=full_student.pk)
    assert (student.medical_notes, student.passport_number, student.insurance_number) == ("",) * 3
    assert (student.email, student.phone, student.health_insurer) == ("", "", "")
    assert student.date_of_birth == datetime.date(1900, 1, 1)
    assert (student.abroad_interest, student.medical_on_card) == ("", False)
    assert student.first_name == "Verwijderd" and student.erased_at is not None
    mobility.refresh_from_db()
    assert (mobility.address_abroad, mobility.outcome_reason) == ("", "")
    assert set(mobility.items.values_list("note", flat=True)) == {""}
    assert set(mobility.items.values_list("waived_reason", flat=True)) == {""}
    assert Decision.objects.get().reason == ""


def test_an_erased_student_is_left_out_of_lists_and_cannot_be_edited(
    english, coordinator, full_student
):
    StudentFactory.create(first_name="Still", last_name="Here")
    erase_student(full_student, by=coordinator)
    english.force_login(coordinator)

    listed = english.get(reverse("students:list")).context["page"].object_list
    edit = english.get(reverse("students:edit", args=[full_student.public_id]), follow=True)
    new_mobility = english.get(reverse("mobilities:create")).context["form"]

    assert [student.first_name for student in listed] == ["Still"]
    assert "there is nothing to edit" in edit.content.decode()
    assert list(new_mobility.fields["student"].queryset.values_list("first_name", flat=True)) == [
        "Still"
    ]


def test_erasure_keeps_the_anonymous_facts_for_reports(coordinator, full_student):
    mobility = full_student.mobilities.get()

    erase_student(full_student, by=coordinator)

    kept = Mobility.objects.get(pk=mobility.pk)
    assert (kept.destination_country, kept.destination_city) == ("ES", "Valencia")
    assert (kept.departure_date, kept.return_date) == (
        mobility.departure_date,
        mobility.return_date,
    )
    assert (kept.type, kept.funding, kept.outcome, kept.step) == (
        mobility.type, mobility.funding, Outcome.CANCELLED, mobility.step,
    )  # fmt: skip
    assert Student.objects.get(pk=full_student.pk).programme == full_student.programme
    assert kept.items.count() == mobility.items.count()


def test_erasure_is_recorded_without_personal_data(coordinator, full_student):
    erase_student(full_student, by=coordinator)

    entry = AuditEntry.objects.get(action=Action.ERASE)
    assert entry.actor == coordinator
    assert entry.object_id == str(full_student.public_id)
    assert FIRST not in entry.object_label and LAST not in entry.object_label
    assert entry.changes == {} and entry.note == ""


def test_a_student_with_a_stay_under_way_is_not_erased(coordinator):
    mobility = MobilityFactory.create()

    with pytest.raises(StillAbroad):
        erase_student(mobility.student, by=coordinator)

    assert Student.objects.get(pk=mobility.student.pk).erased_at is None


def test_erase_page_asks_for_the_student_number(english, coordinator):
    student = StudentFactory.create(first_name="Daan", last_name="Jansen")
    english.force_login(coordinator)

    content = english.get(reverse("privacy:erase", args=[student.public_id])).content.decode()

    assert "Erase Daan Jansen" in content
    assert f"Type the student number ({student.student_number}) to confirm." in content


def test_erase_with_a_wrong_number_says_so_and_changes_nothing(english, coordinator):
    student = StudentFactory.create(first_name="Daan", last_name="Jansen")
    english.force_login(coordinator)

    response = english.post(
        reverse("privacy:erase", args=[student.public_id]), {"student_number": "123"}
    )

    assert response.status_code == 200
    assert (
        "That is not this student&#x27;s number. Nothing was erased." in response.content.decode()
    )
    assert Student.objects.get(pk=student.pk).first_name == "Daan"
    assert not AuditEntry.objects.filter(action=Action.ERASE).exists()


def test_erase_of_a_student_abroad_says_to_close_the_stay_first(english, coordinator):
    mobility = MobilityFactory.create()
    student = mobility.student
    english.force_login(coordinator)

    response = english.post(
        reverse("privacy:erase", args=[student.public_id]),
        {"student_number": student.student_number},
    )

    assert "This student has a stay abroad under way. Close it first." in response.content.decode()
    assert Student.objects.get(pk=student.pk).erased_at is None


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_only_a_coordinator_may_erase(client, request, role):
    user = request.getfixturevalue(role)
    student = user.student if role == "student" else StudentFactory.create()
    client.force_login(user)

    response = client.post(
        reverse("privacy:erase", args=[student.public_id]),
        {"student_number": student.student_number},
    )

    assert response.status_code == 403
    assert Student.objects.get(pk=student.pk).erased_at is None


def test_kept_models_name_only_fields_they_have():
    # A typo here would silently empty a field meant to be kept.
    for model, kept in KEPT.items():
        names = {field.name for field in model._meta.concrete_fields}
        assert kept <= names, (model, kept - names)


def test_export_and_erasure_find_every_kind_of_row_about_a_stay():
    found = {rows.model for _name, rows in children(MobilityFactory.create())}

    assert {ChecklistItem, Decision, Document, AuditEntry} <= found
