"""The mentor notes a mentee's interest and asks for a stay; the student chooses what the
emergency card prints of their medical notes."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.students.models import AbroadInterest, Student

pytestmark = pytest.mark.django_db


def interest_url(student: Student) -> str:
    return reverse("students:interest", args=[student.public_id])


def ask_url(student: Student) -> str:
    return reverse("students:ask-for-stay", args=[student.public_id])


def card_choice_url(student: Student) -> str:
    return reverse("students:medical-on-card", args=[student.public_id])


# Interest in going abroad


def test_mentor_notes_the_interest_of_a_mentee(client, mentor):
    mentee = StudentFactory.create(mentor=mentor)
    client.force_login(mentor)

    response = client.post(
        interest_url(mentee), {"version": mentee.version, "abroad_interest": "interested"},
        follow=True,
    )  # fmt: skip

    mentee.refresh_from_db()
    assert mentee.abroad_interest == AbroadInterest.INTERESTED
    assert mentee.version == 1
    assert escape(f"Opgeslagen voor {mentee.full_name}.") in response.content.decode()
    entry = AuditEntry.objects.get(student=mentee, action=Action.CHANGE)
    assert entry.actor == mentor and entry.changes == {"abroad_interest": ["", "interested"]}


def test_a_stale_interest_form_changes_nothing(client, mentor):
    mentee = StudentFactory.create(mentor=mentor, version=3)
    client.force_login(mentor)

    response = client.post(
        interest_url(mentee), {"version": 2, "abroad_interest": "not_now"}, follow=True
    )

    mentee.refresh_from_db()
    assert mentee.abroad_interest == AbroadInterest.UNKNOWN and mentee.version == 3
    assert "Deze student is gewijzigd" in response.content.decode()


def test_an_unknown_interest_is_refused_with_a_message(client, mentor):
    mentee = StudentFactory.create(mentor=mentor)
    client.force_login(mentor)

    response = client.post(
        interest_url(mentee), {"version": 0, "abroad_interest": "maybe"}, follow=True
    )

    mentee.refresh_from_db()
    assert mentee.abroad_interest == AbroadInterest.UNKNOWN
    assert "Er is niets gewijzigd" in response.content.decode()


def test_the_interest_form_returns_to_the_page_it_came_from(client, mentor):
    mentee = StudentFactory.create(mentor=mentor)
    client.force_login(mentor)

    response = client.post(
        interest_url(mentee), {"version": 0, "abroad_interest": "not_now", "page": "2"}
    )

    assert response["Location"] == reverse("home") + "?page=2"


def test_another_mentor_cannot_note_the_interest(client, mentor):
    mentee = StudentFactory.create(mentor=UserFactory.create(role=Role.MENTOR))
    client.force_login(mentor)

    response = client.post(interest_url(mentee), {"version": 0, "abroad_interest": "interested"})

    mentee.refresh_from_db()
    assert response.status_code == 404
    assert mentee.abroad_interest == AbroadInterest.UNKNOWN


def test_the_student_cannot_note_their_own_interest(client, student):
    client.force_login(student)

    response = client.post(
        interest_url(student.student), {"version": 0, "abroad_interest": "interested"}
    )

    assert response.status_code == 403
    assert Student.objects.get(user=student).abroad_interest == AbroadInterest.UNKNOWN


# Asking the coordinators for a stay


def test_mentor_asks_the_coordinators_to_start_a_stay(
    client, mentor, django_capture_on_commit_callbacks
):
    coordinators = [
        UserFactory.create(role=Role.COORDINATOR, email=f"coordinator{n}@school.example")
        for n in range(2)
    ]
    UserFactory.create(role=Role.COORDINATOR, email="left@school.example", is_active=False)
    mentee = StudentFactory.create(mentor=mentor)
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(mentee), {"version": 0}, follow=True)

    mentee.refresh_from_db()
    assert mentee.stay_requested_at is not None and mentee.version == 1
    content = response.content.decode()
    assert (
        escape(f"De coördinatoren is gevraagd een verblijf te starten voor {mentee.full_name}.")
        in content
    )
    assert "Verblijf gevraagd op" in content and "Vraag de coördinator opnieuw" in content
    [message] = mail.outbox
    assert sorted(message.bcc) == sorted(user.email for user in coordinators)
    assert message.subject == f"Een verblijf in het buitenland voor {mentee.full_name}?"
    assert f"{mentor}, studieloopbaanbegeleider van {mentee.full_name}" in message.body
    assert f"/mobilities/new/?student={mentee.public_id}" in message.body
    assert AuditEntry.objects.filter(student=mentee, actor=mentor, action=Action.CHANGE).exists()


def test_a_repeated_request_sends_one_email(client, mentor, django_capture_on_commit_callbacks):
    UserFactory.create(role=Role.COORDINATOR, email="coordinator@school.example")
    mentee = StudentFactory.create(mentor=mentor)
    client.force_login(mentor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ask_url(mentee), {"version": 0})
        response = client.post(ask_url(mentee), {"version": 0}, follow=True)

    assert len(mail.outbox) == 1
    assert "Deze student is gewijzigd" in response.content.decode()


def test_only_the_mentor_asks_for_a_stay(client, coordinator, django_capture_on_commit_callbacks):
    mentee = StudentFactory.create(mentor=UserFactory.create(role=Role.MENTOR))
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(mentee), {"version": 0})

    mentee.refresh_from_db()
    assert response.status_code == 403
    assert mentee.stay_requested_at is None and not mail.outbox


# The medical notes on the emergency card: the student's own choice


def test_student_puts_their_medical_notes_on_the_card(client, student):
    own = student.student
    client.force_login(student)

    response = client.post(
        card_choice_url(own), {"version": own.version, "medical_on_card": "on"}, follow=True
    )

    own.refresh_from_db()
    assert own.medical_on_card is True
    assert "Je keuze voor de noodkaart is opgeslagen." in response.content.decode()
    entry = AuditEntry.objects.get(student=own, action=Action.CHANGE)
    assert entry.actor == student and entry.changes == {"medical_on_card": ["False", "True"]}


def test_student_takes_their_medical_notes_off_the_card(client, student):
    own = student.student
    Student.objects.filter(pk=own.pk).update(medical_on_card=True)
    client.force_login(student)

    client.post(card_choice_url(own), {"version": own.version})

    own.refresh_from_db()
    assert own.medical_on_card is False


def test_the_sensitive_page_offers_the_choice_to_the_student_only(client, student, coordinator):
    own = student.student
    client.force_login(student)
    as_student = client.get(reverse("students:sensitive", args=[own.public_id])).content.decode()
    client.force_login(coordinator)
    as_coordinator = client.get(
        reverse("students:sensitive", args=[own.public_id])
    ).content.decode()

    assert "Zet mijn medische notities op mijn noodkaart" in as_student
    assert "Zet mijn medische notities op mijn noodkaart" not in as_coordinator
    assert (
        "De student heeft gekozen deze notities niet op de noodkaart te zetten." in as_coordinator
    )


def test_the_coordinator_cannot_choose_for_the_student(client, student, coordinator):
    own = student.student
    client.force_login(coordinator)

    response = client.post(card_choice_url(own), {"version": 0, "medical_on_card": "on"})

    own.refresh_from_db()
    assert response.status_code == 403
    assert own.medical_on_card is False


def test_a_card_choice_without_a_version_changes_nothing(client, student):
    own = student.student
    client.force_login(student)

    response = client.post(card_choice_url(own), {"medical_on_card": "on"}, follow=True)

    own.refresh_from_db()
    assert own.medical_on_card is False
    assert "Er is niets gewijzigd" in response.content.decode()


def test_nothing_is_asked_for_an_erased_student(client, mentor):
    mentee = StudentFactory.create(mentor=mentor, erased_at=timezone.now())
    client.force_login(mentor)

    asked = client.post(ask_url(mentee), {"version": 0})
    noted = client.post(interest_url(mentee), {"version": 0, "abroad_interest": "interested"})

    mentee.refresh_from_db()
    assert (asked.status_code, noted.status_code) == (403, 403)
    assert mentee.stay_requested_at is None and mentee.abroad_interest == AbroadInterest.UNKNOWN
