import io
import json
import zipfile

import pytest
from django.urls import reverse

from tests.documents.samples import PDF
from tests.factories import StudentFactory
from tests.privacy.conftest import FIRST, INSURANCE, LAST, MEDICAL, NUMBER, PASSPORT
from wegwijzer.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def download(client, user, student):
    client.force_login(user)
    return client.get(reverse("privacy:export", args=[student.public_id]))


def unzip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_export_is_a_zip_named_by_id_not_by_name(client, coordinator, full_student):
    response = download(client, coordinator, full_student)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert f'filename="wegwijzer-export-{full_student.public_id}.zip"' in disposition
    assert FIRST not in disposition and LAST not in disposition
    assert "no-store" in response["Cache-Control"]


def test_export_holds_the_student_people_and_sensitive_fields_decrypted(
    client, coordinator, full_student
):
    data = json.loads(unzip(download(client, coordinator, full_student)).read("student.json"))

    student = data["student"]
    assert (student["first_name"], student["last_name"]) == (FIRST, LAST)
    assert student["student_number"] == NUMBER
    assert (student["medical_notes"], student["passport_number"]) == (MEDICAL, PASSPORT)
    assert student["insurance_number"] == INSURANCE
    assert [g["name"] for g in student["guardians"]] == [f"Moeder {LAST}"]
    assert [c["name"] for c in student["emergency_contacts"]] == [f"Oom {LAST}"]
    assert data["account"]["username"] == "zq-login"
    assert "password" not in data["account"]


def test_export_holds_mobilities_with_items_decisions_documents_and_history(
    client, coordinator, full_student
):
    archive = unzip(download(client, coordinator, full_student))
    data = json.loads(archive.read("student.json"))

    mobility = data["student"]["mobilities"][0]
    assert mobility["address_abroad"] == f"Calle Mayor 1, c/o {LAST}"
    assert f"Done by {FIRST}" in [item["note"] for item in mobility["items"]]
    assert [d["reason"] for d in mobility["decisions"]] == [f"{FIRST} is ready"]
    # Each document once, under its checklist item, with its file in the zip.
    documents = [document for item in mobility["items"] for document in item["documents"]]
    assert [d["original_name"] for d in documents] == [f"Paspoort {FIRST} {LAST}.pdf"]
    assert mobility["documents"] == []
    assert archive.read(documents[0]["file"]) == PDF
    assert documents[0]["file"].startswith("documents/")
    actions = {entry["action"] for entry in mobility["audit_entries"]}
    assert {"create", "complete", "waive", "upload", "close"} <= actions
    assert {entry["action"] for entry in data["actions_by_account"]} >= {"complete", "upload"}


def test_export_is_recorded_in_the_audit_trail(client, coordinator, full_student):
    download(client, coordinator, full_student)

    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.actor, entry.student) == (coordinator, full_student)


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_only_a_coordinator_may_export(client, request, role):
    user = request.getfixturevalue(role)
    student = user.student if role == "student" else StudentFactory.create()

    response = download(client, user, student)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
