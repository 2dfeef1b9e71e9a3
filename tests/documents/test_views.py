import pytest
from django.urls import reverse

from tests.documents.samples import PDF, upload
from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.documents.services import store_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(student, coordinator):
    mobility = MobilityFactory.create(student=student.student)
    return store_document(
        by=coordinator, mobility=mobility, item=mobility.items.first(),
        upload=upload("Placement agreement.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip


def download(client, user, document):
    client.force_login(user)
    return client.get(reverse("documents:download", args=[document.public_id]))


@pytest.mark.parametrize("role", ["coordinator", "student"])
def test_download_serves_the_file_as_an_attachment(client, request, role, document):
    response = download(client, request.getfixturevalue(role), document)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Placement agreement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_download_is_served_to_the_supervisor_of_the_mobility(client, supervisor, coordinator):
    mobility = MobilityFactory.create(supervisor=supervisor)
    document = store_document(
        by=coordinator, mobility=mobility, item=None,
        upload=upload("a.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip

    assert download(client, supervisor, document).status_code == 200


def test_download_is_served_to_the_mentor_of_the_student(client, mentor, coordinator):
    mobility = MobilityFactory.create(student=StudentFactory.create(mentor=mentor))
    document = store_document(
        by=coordinator, mobility=mobility, item=None,
        upload=upload("a.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip

    assert download(client, mentor, document).status_code == 200


@pytest.mark.parametrize("role", ["other_student", "supervisor", "mentor"])
def test_download_is_not_found_for_who_may_not_see_the_mobility(client, request, role, document):
    response = download(client, request.getfixturevalue(role), document)

    assert response.status_code == 404


def test_download_is_not_found_when_the_file_is_gone(client, coordinator, document, tmp_path):
    (tmp_path / "documents" / document.file.name).unlink()

    assert download(client, coordinator, document).status_code == 404


def test_download_asks_to_log_in_first(client, document):
    response = client.get(reverse("documents:download", args=[document.public_id]))

    assert response.status_code == 302 and "login" in response["Location"]
