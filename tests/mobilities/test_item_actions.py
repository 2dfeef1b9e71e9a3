"""Marking checklist items done, waiving, reopening and uploading: with and without htmx."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.documents.samples import PDF, PNG, TEXT, upload
from tests.factories import MobilityFactory, StudentFactory
from tests.mobilities.pages import item_html
from wegwijzer.audit.models import Action
from wegwijzer.documents.models import Document
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import ItemStatus

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = datetime.date.today


def item_of(mobility, key="orientation-information"):
    return mobility.items.get(template_item__key=key)


def post(client, name, item, data=None, **extra):
    return client.post(reverse(name, args=[item.public_id]), data or {}, **extra)


def done_data(item, **overrides):
    return {"version": item.version, "done_on": timezone.localdate().isoformat()} | overrides


@pytest.fixture
def own_mobility(student):
    return MobilityFactory.create(student=student.student)


# Mark done


def test_complete_by_the_student_marks_the_item_done_and_returns_to_it(
    english, student, own_mobility
):
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(english, "mobilities:item-complete", item, done_data(item, note="Open day"))

    item.refresh_from_db()
    page = reverse("mobilities:detail", args=[own_mobility.public_id])
    assert response.status_code == 302
    assert response["Location"] == f"{page}#item-{item.public_id}"
    assert (item.status, item.note, item.changed_by) == (ItemStatus.DONE, "Open day", student)
    followed = english.get(response["Location"]).content.decode()
    assert "“Took part in information about going abroad” is marked done." in followed


def test_complete_with_htmx_returns_only_the_item(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(english, "mobilities:item-complete", item, done_data(item), **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith(f'<li class="item" id="item-{item.public_id}"')
    assert "<html" not in content and "<h1" not in content
    assert "is marked done." in content and 'role="status"' in content
    assert reverse("mobilities:item-reopen", args=[item.public_id]) in content
    assert 'name="version" value="1"' in content


def test_complete_with_a_document_keeps_the_document(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)

    post(
        english, "mobilities:item-complete", item,
        done_data(item, document=upload("certificate.pdf", PDF)),
    )  # fmt: skip

    document = Document.objects.get()
    assert (document.item, document.original_name) == (item, "certificate.pdf")
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_complete_with_a_fake_document_changes_nothing(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(
        english, "mobilities:item-complete", item,
        done_data(item, document=upload("certificate.pdf", TEXT)),
    )  # fmt: skip

    item.refresh_from_db()
    assert response.status_code == 200
    assert "This kind of file cannot be uploaded." in response.content.decode()
    assert item.status == ItemStatus.OPEN and Document.objects.count() == 0


def test_complete_on_a_day_in_the_future_is_refused(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = post(
        english, "mobilities:item-complete", item, done_data(item, done_on=tomorrow), **HTMX
    )

    item.refresh_from_db()
    assert "The day it was done cannot be in the future." in response.content.decode()
    assert item.status == ItemStatus.OPEN


def test_complete_of_an_item_that_is_not_theirs_is_forbidden(client, student, own_mobility):
    item = item_of(own_mobility, "orientation-programme-conditions")
    client.force_login(student)

    response = post(client, "mobilities:item-complete", item, done_data(item))

    item.refresh_from_db()
    assert response.status_code == 403 and item.status == ItemStatus.OPEN


def test_complete_by_the_supervisor_of_their_own_item(english, supervisor):
    mobility = MobilityFactory.create(supervisor=supervisor)
    item = item_of(mobility, "abroad-contact-agreement")
    english.force_login(supervisor)

    response = post(english, "mobilities:item-complete", item, done_data(item))

    item.refresh_from_db()
    assert response.status_code == 302 and item.status == ItemStatus.DONE


def test_complete_by_the_mentor_of_their_own_item(english, mentor):
    mobility = MobilityFactory.create(student=StudentFactory.create(mentor=mentor))
    item = item_of(mobility, "decision-requirements")
    english.force_login(mentor)

    response = post(english, "mobilities:item-complete", item, done_data(item))

    item.refresh_from_db()
    assert response.status_code == 302 and item.status == ItemStatus.DONE


def test_complete_of_someone_elses_item_is_not_found(client, other_student, own_mobility):
    item = item_of(own_mobility)
    client.force_login(other_student)

    response = post(client, "mobilities:item-complete", item, done_data(item))

    assert response.status_code == 404


def test_item_actions_answer_only_to_post(client, student, own_mobility):
    client.force_login(student)

    response = client.get(
        reverse("mobilities:item-complete", args=[item_of(own_mobility).public_id])
    )

    assert response.status_code == 405


# Someone else changed the item meanwhile


def test_complete_of_a_stale_item_overwrites_nothing(english, student, coordinator, own_mobility):
    item = item_of(own_mobility)
    shown_version = item.version
    services.waive_item(item, by=coordinator, version=shown_version, reason="Came to our school")
    english.force_login(student)

    response = post(
        english, "mobilities:item-complete", item, done_data(item, version=shown_version)
    )

    item.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this item a moment ago." in content
    assert item.status == ItemStatus.WAIVED and item.waived_reason == "Came to our school"
    assert item.changed_by == coordinator


def test_stale_item_with_htmx_shows_the_new_state_in_the_item(
    english, student, coordinator, own_mobility
):
    item = item_of(own_mobility)
    services.complete_item(item, by=coordinator, version=0, done_on=timezone.localdate())
    english.force_login(student)

    response = post(english, "mobilities:item-reopen", item, {"version": 0}, **HTMX)

    content = response.content.decode()
    assert 'role="alert"' in content and "Someone else changed this item" in content
    assert 'name="version" value="1"' in content
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


# Waive


def test_waive_by_the_coordinator_settles_a_required_item(english, coordinator):
    mobility = MobilityFactory.create()
    item = item_of(mobility)
    english.force_login(coordinator)

    response = post(
        english, "mobilities:item-waive", item, {"version": 0, "reason": "Did it last year"}
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert (item.status, item.waived_reason) == (ItemStatus.WAIVED, "Did it last year")
    assert mobility.audit_entries.filter(action=Action.WAIVE, note="Did it last year").exists()


def test_waive_without_a_reason_is_refused_at_the_item(english, coordinator):
    mobility = MobilityFactory.create()
    item = item_of(mobility)
    english.force_login(coordinator)

    response = post(english, "mobilities:item-waive", item, {"version": 0, "reason": "  "})

    item.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 200
    fragment = item_html(content, item)
    assert "Give a reason for waiving this item." in fragment
    assert '<details class="item__action" open>' in fragment
    assert item.status == ItemStatus.OPEN


def test_waive_without_a_reason_with_htmx_shows_the_error_in_the_item(english, coordinator):
    item = item_of(MobilityFactory.create())
    english.force_login(coordinator)

    response = post(english, "mobilities:item-waive", item, {"version": 0}, **HTMX)

    content = response.content.decode()
    assert "<h1" not in content and "Give a reason for waiving this item." in content
    assert 'aria-invalid="true"' in content


def test_waive_of_an_optional_item_by_its_student(english, student, own_mobility):
    item = item_of(own_mobility, "orientation-benefits")
    english.force_login(student)

    post(english, "mobilities:item-waive", item, {"version": 0, "reason": "Not for me"}, **HTMX)

    item.refresh_from_db()
    assert item.status == ItemStatus.WAIVED


def test_waive_of_a_required_item_by_the_student_is_forbidden(client, student, own_mobility):
    item = item_of(own_mobility)
    client.force_login(student)

    response = post(client, "mobilities:item-waive", item, {"version": 0, "reason": "Lazy"})

    item.refresh_from_db()
    assert response.status_code == 403 and item.status == ItemStatus.OPEN


# Reopen


def test_reopen_puts_a_done_item_back_on_the_list(english, student, own_mobility):
    item = item_of(own_mobility)
    services.complete_item(item, by=student, version=0, done_on=timezone.localdate(), note="x")
    english.force_login(student)

    response = post(english, "mobilities:item-reopen", item, {"version": 1})

    item.refresh_from_db()
    assert response.status_code == 302
    assert item.status == ItemStatus.OPEN and item.done_on is None


def test_reopen_with_htmx_returns_the_open_item(english, coordinator):
    item = item_of(MobilityFactory.create())
    services.waive_item(item, by=coordinator, version=0, reason="Not needed")
    english.force_login(coordinator)

    response = post(english, "mobilities:item-reopen", item, {"version": 1}, **HTMX)

    content = response.content.decode()
    assert "is open again." in content
    assert reverse("mobilities:item-complete", args=[item.public_id]) in content


def test_reopen_of_an_item_of_a_closed_mobility_is_refused(english, coordinator):
    mobility = MobilityFactory.create()
    item = item_of(mobility)
    services.complete_item(item, by=coordinator, version=0, done_on=timezone.localdate())
    services.cancel_mobility(mobility, by=coordinator, reason="Ill", on=timezone.localdate())
    english.force_login(coordinator)

    response = post(english, "mobilities:item-reopen", item, {"version": 1}, **HTMX)

    item.refresh_from_db()
    assert "This mobility is closed" in response.content.decode()
    assert item.status == ItemStatus.DONE


# Upload


def test_upload_adds_a_document_to_the_item(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(
        english, "mobilities:item-upload", item,
        {"version": 0, "document": upload("proof.png", PNG)},
    )  # fmt: skip

    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.item, document.content_type, document.uploaded_by) == (
        item, "image/png", student,
    )  # fmt: skip
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_upload_with_htmx_shows_the_new_download_link(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(
        english, "mobilities:item-upload", item,
        {"version": 0, "document": upload("proof.png", PNG)}, **HTMX,
    )  # fmt: skip

    document = Document.objects.get()
    content = response.content.decode()
    assert reverse("documents:download", args=[document.public_id]) in content
    assert "“proof.png” is added to “Took part in information about going abroad”." in content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("proof.pdf", PNG, "The file&#x27;s content is not what its name says."),
        ("proof.txt", TEXT, "This kind of file cannot be uploaded."),
        ("proof.pdf", PDF + bytes(2000), "The file is too large"),
    ],
)
def test_upload_of_a_refused_file_saves_nothing(
    english, student, own_mobility, settings, name, content, message
):
    settings.DOCUMENT_MAX_BYTES = 1000
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(
        english, "mobilities:item-upload", item,
        {"version": 0, "document": upload(name, content)}, **HTMX,
    )  # fmt: skip

    assert message in response.content.decode()
    assert Document.objects.count() == 0
    assert not own_mobility.audit_entries.filter(action=Action.UPLOAD).exists()


def test_upload_without_a_file_asks_for_one(english, student, own_mobility):
    item = item_of(own_mobility)
    english.force_login(student)

    response = post(english, "mobilities:item-upload", item, {"version": 0})

    assert "Choose a file to upload." in response.content.decode()


def test_upload_to_an_item_that_is_not_theirs_is_forbidden(client, student, own_mobility):
    item = item_of(own_mobility, "orientation-programme-conditions")
    client.force_login(student)

    response = post(
        client, "mobilities:item-upload", item, {"version": 0, "document": upload("a.pdf", PDF)}
    )

    assert response.status_code == 403 and Document.objects.count() == 0
