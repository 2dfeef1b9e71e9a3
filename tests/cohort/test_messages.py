import uuid

import pytest
from django.core import mail
from django.urls import reverse

from tests.cohort.conftest import choose_class
from tests.factories import GuardianFactory, ProgrammeFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import AuditEntry
from wegwijzer.cohort.models import CohortMessage, CohortRecipient
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import OutboxMessage, Status
from wegwijzer.privacy.erasure import erase_student

NEW = reverse("cohort:message-new")
MESSAGES = reverse("cohort:messages")


def text(response) -> str:
    return response.content.decode()


def written(**fields) -> dict[str, object]:
    return {
        "audience": "students",
        "language": "nl",
        "subject": "Voorlichting voor {class}",
        "body": "Hallo {first_name},\n\nJij ({student}, {programme}) bent welkom.",
        "token": str(uuid.uuid4()),
        **fields,
    }


@pytest.fixture
def cohort(db):
    kitchen = ProgrammeFactory(name="Kok")
    return {
        "anna": StudentFactory.create(
            class_name="VZ3A", first_name="Anna", last_name="Aalders",
            email="anna@student.example", programme=kitchen,
        ),
        "bram": StudentFactory.create(
            class_name="VZ3A", first_name="Bram", last_name="Bos",
            email="bram@student.example", programme=kitchen,
        ),
        "no_email": StudentFactory.create(class_name="VZ3A", last_name="Zonderpost", email=""),
        "other_class": StudentFactory.create(class_name="VZ3B", email="dirk@student.example"),
    }  # fmt: skip


def test_the_compose_page_counts_students_guardians_and_who_is_skipped(logged_in, cohort):
    GuardianFactory.create(student=cohort["anna"], email="ouder@thuis.example")
    choose_class(logged_in, "VZ3A")

    page = text(logged_in.get(NEW))

    assert "Klas: VZ3A" in page
    # Students: 3, e-mails 2, skipped 1; guardians: 3, e-mails 1, skipped 2.
    assert '<td data-label="Studenten">3</td>' in page
    assert '<td data-label="E-mails">2</td>' in page
    assert '<td data-label="Overgeslagen: geen e-mailadres">1</td>' in page
    assert '<td data-label="E-mails">1</td>' in page
    assert '<td data-label="Overgeslagen: geen e-mailadres">2</td>' in page
    assert "Hallo {first_name}" in page  # the text every message starts with


def test_the_preview_fills_in_the_placeholders_for_the_first_recipient_and_sends_nothing(
    logged_in, cohort
):
    choose_class(logged_in, "VZ3A")

    page = text(logged_in.post(NEW, written(preview="1")))

    assert "Voorlichting voor VZ3A" in page
    assert "Hallo Anna,<br><br>Jij (Anna Aalders, Kok) bent welkom." in page
    assert not CohortMessage.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not mail.outbox


def test_an_unknown_placeholder_is_refused(logged_in, cohort):
    page = text(logged_in.post(NEW, written(body="Hallo {telefoon}", preview="1")))

    assert "Onbekende plaatshouder: {telefoon}" in page
    assert not CohortMessage.objects.exists()


def test_send_queues_one_mail_per_student_with_an_address_and_records_each_student(
    logged_in, coordinator, cohort, django_capture_on_commit_callbacks
):
    choose_class(logged_in, "VZ3A")

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(NEW, written(send="1"), follow=True)

    assert "2 e-mails staan klaar" in text(response)
    message = CohortMessage.objects.get()
    assert (message.student_count, message.email_count, message.sent_by) == (3, 2, coordinator)
    sent = {email.to[0]: email for email in mail.outbox}
    assert sorted(sent) == ["anna@student.example", "bram@student.example"]
    assert sent["bram@student.example"].subject == "Voorlichting voor VZ3A"
    assert "Hallo Bram," in sent["bram@student.example"].body
    assert set(OutboxMessage.objects.values_list("kind", "language", "status")) == {
        (Kind.COHORT_MESSAGE, "nl", Status.SENT)
    }
    assert CohortRecipient.objects.filter(message=message).count() == 3
    assert (
        CohortRecipient.objects.filter(message=message, outbox=None).get().student
        == (cohort["no_email"])
    )
    # Each student's history tells it; the other class's student got nothing.
    for student in ("anna", "bram", "no_email"):
        assert AuditEntry.objects.filter(student=cohort[student]).count() == 1
    assert not AuditEntry.objects.filter(student=cohort["other_class"]).exists()
    history = text(logged_in.get(reverse("students:detail", args=[cohort["anna"].public_id])))
    assert "Bericht “Voorlichting voor {class}” verstuurd aan de studenten" in history
    history = text(logged_in.get(reverse("students:detail", args=[cohort["no_email"].public_id])))
    assert "niet verstuurd: geen e-mailadres" in history


def test_a_second_post_of_the_same_form_sends_nothing_twice(
    logged_in, cohort, django_capture_on_commit_callbacks
):
    choose_class(logged_in, "VZ3A")
    form = written(send="1")
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(NEW, form)

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(NEW, form, follow=True)

    assert "Dit bericht is al verstuurd: er is niets opnieuw verstuurd." in text(response)
    assert CohortMessage.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_message_to_the_guardians_goes_to_their_addresses(
    logged_in, cohort, django_capture_on_commit_callbacks
):
    GuardianFactory.create(
        student=cohort["anna"], name="Karin Aalders", email="karin@thuis.example"
    )
    GuardianFactory.create(student=cohort["anna"], name="Piet Aalders", email="piet@thuis.example")
    GuardianFactory.create(student=cohort["bram"], name="Zonder Mail", email="")
    choose_class(logged_in, "VZ3A")

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(
            NEW,
            written(audience="guardians", body="Beste {first_name}, over {student}.", send="1"),
        )

    sent = {email.to[0]: email.body for email in mail.outbox}
    assert sent == {
        "karin@thuis.example": "Beste Karin Aalders, over Anna Aalders.",
        "piet@thuis.example": "Beste Piet Aalders, over Anna Aalders.",
    }
    message = CohortMessage.objects.get()
    assert (message.student_count, message.email_count) == (3, 2)
    # Anna once in her history, though two guardians got it.
    assert AuditEntry.objects.filter(student=cohort["anna"]).count() == 1


def test_an_english_text_is_marked_english(logged_in, cohort):
    choose_class(logged_in, "VZ3A")

    logged_in.post(NEW, written(language="en", subject="Information", send="1"))

    assert set(OutboxMessage.objects.values_list("language", flat=True)) == {"en"}


def test_posted_ids_choose_the_students(logged_in, cohort, django_capture_on_commit_callbacks):
    picked = [str(cohort["other_class"].public_id)]

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(NEW, {**written(send="1"), "ids": picked})

    assert [email.to for email in mail.outbox] == [["dirk@student.example"]]


def test_the_list_shows_each_message_with_its_delivery(
    logged_in, cohort, django_capture_on_commit_callbacks
):
    choose_class(logged_in, "VZ3A")
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(NEW, written(send="1"))
    OutboxMessage.objects.filter(to_email="bram@student.example").update(status=Status.FAILED)

    page = text(logged_in.get(MESSAGES))

    assert "1 bericht" in page
    assert "Voorlichting voor {class}" in page
    assert '<td data-label="Afgeleverd">1</td>' in page
    assert '<td data-label="Mislukt">1</td>' in page


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def test_only_a_coordinator_sends_to_a_cohort(client, role, cohort, request):
    client.force_login(request.getfixturevalue(str(role)))

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, written(send="1")).status_code == 403
    assert client.get(MESSAGES).status_code == 403
    assert not CohortMessage.objects.exists()
    assert not mail.outbox


def test_the_compose_and_preview_queries_stay_flat(logged_in, django_assert_max_num_queries):
    def add(count):
        for student in StudentFactory.create_batch(count, class_name="VZ3A"):
            GuardianFactory.create(student=student, email="ouder@thuis.example")

    add(5)
    choose_class(logged_in, "VZ3A")
    with django_assert_max_num_queries(30) as few:
        logged_in.get(NEW)
        logged_in.post(NEW, written(audience="guardians", preview="1"))
    add(45)

    with django_assert_max_num_queries(len(few.captured_queries)):
        logged_in.get(NEW)
        logged_in.post(NEW, written(audience="guardians", preview="1"))


def test_the_list_queries_stay_flat(logged_in, django_assert_max_num_queries):
    user = UserFactory.create(role=Role.COORDINATOR)
    CohortMessage.objects.create(subject="Een", body="x", audience="students", language="nl")
    with django_assert_max_num_queries(20) as few:
        logged_in.get(MESSAGES)
    for _ in range(20):
        CohortMessage.objects.create(
            subject="Meer", body="x", audience="students", language="nl", sent_by=user
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        logged_in.get(MESSAGES)


def test_erasing_a_student_removes_the_cohort_emails_about_them(
    logged_in, coordinator, cohort, django_capture_on_commit_callbacks
):
    GuardianFactory.create(student=cohort["anna"], email="karin@thuis.example")
    choose_class(logged_in, "VZ3A")
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(NEW, written(audience="guardians", send="1"))

    erase_student(cohort["anna"], by=coordinator)

    assert not OutboxMessage.objects.filter(to_email="karin@thuis.example").exists()
    assert not CohortRecipient.objects.filter(student=cohort["anna"]).exists()
    assert CohortRecipient.objects.filter(student=cohort["bram"]).exists()
