import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.cohort.conftest import choose_class
from tests.factories import StudentFactory, UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import AuditEntry
from wegwijzer.students.models import Student

INVITE = reverse("cohort:invite")
ACCOUNTS = reverse("cohort:accounts")
RESEND = reverse("cohort:resend")


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def cohort(db):
    """A class of four: two to invite, one with an account, one without an e-mail
    address; and an erased student and a student of another class."""
    return {
        "new": StudentFactory.create(class_name="VZ3A", email="Anna.Bakker@student.example"),
        "also_new": StudentFactory.create(class_name="VZ3A", email="bram@student.example"),
        "has_account": StudentFactory.create(
            class_name="VZ3A",
            email="carla@student.example",
            user=UserFactory.create(username="carla@student.example"),
        ),
        "no_email": StudentFactory.create(class_name="VZ3A", email=""),
        "erased": StudentFactory.create(
            class_name="VZ3A", email="", erased_at=timezone.now(), student_number="900001"
        ),
        "other_class": StudentFactory.create(class_name="VZ3B", email="dirk@student.example"),
    }


def test_the_preview_counts_names_and_says_why_students_are_skipped(logged_in, cohort):
    choose_class(logged_in, "VZ3A")

    page = text(logged_in.get(INVITE))

    assert "2 studenten krijgen een uitnodiging" in page
    assert "anna.bakker@student.example" in page.lower()
    assert "3 studenten worden overgeslagen" in page
    assert "Heeft al een account: 1" in page
    assert "Geen e-mailadres: 1" in page
    assert "Gewist: 1" in page
    assert "Klas: VZ3A" in page
    assert "dirk@student.example" not in page  # another class


def test_the_preview_changes_nothing(logged_in, cohort):
    choose_class(logged_in, "VZ3A")
    users = User.objects.count()

    logged_in.get(INVITE)
    logged_in.post(INVITE)  # a post without "confirm" is the preview too

    assert User.objects.count() == users
    assert not mail.outbox
    assert not AuditEntry.objects.filter(object_type="accounts.user").exists()


def test_invite_makes_accounts_for_those_without_and_mails_them_in_dutch(
    logged_in, coordinator, cohort, english, django_capture_on_commit_callbacks
):
    choose_class(logged_in, "VZ3A")

    # The coordinator works in English; the new accounts get the school's language.
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(INVITE, {"confirm": "1"}, follow=True)

    assert "2 students were invited by e-mail. 3 were skipped." in text(response)
    new = Student.objects.get(pk=cohort["new"].pk)
    assert new.user is not None
    assert new.user.username == "anna.bakker@student.example"
    assert new.user.role == Role.STUDENT
    assert not new.user.has_usable_password()
    assert Student.objects.get(pk=cohort["also_new"].pk).user is not None
    assert Student.objects.get(pk=cohort["no_email"].pk).user is None
    assert Student.objects.get(pk=cohort["other_class"].pk).user is None
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna.bakker@student.example",
        "bram@student.example",
    ]
    assert all(message.subject == "Je Wegwijzer-account" for message in mail.outbox)
    assert re.search(r"http://testserver/accounts/reset/\S+", str(mail.outbox[0].body))
    # Audited per student: the account made and the student record linked.
    assert AuditEntry.objects.filter(student=new, object_type="accounts.user").count() == 1
    assert AuditEntry.objects.filter(student=new, object_type="students.student").count() == 1


def test_a_second_confirm_invites_nobody_twice(
    logged_in, cohort, django_capture_on_commit_callbacks
):
    choose_class(logged_in, "VZ3A")
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(INVITE, {"confirm": "1"})
    accounts = User.objects.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(INVITE, {"confirm": "1"}, follow=True)

    assert "0 studenten zijn per e-mail uitgenodigd." in text(response)
    assert User.objects.count() == accounts
    assert not mail.outbox


def test_an_address_of_another_account_is_skipped_with_its_reason(logged_in, cohort):
    UserFactory.create(username="mentor-bram", email="Bram@student.example", role=Role.MENTOR)
    choose_class(logged_in, "VZ3A")

    page = text(logged_in.get(INVITE))

    assert "Het e-mailadres hoort bij een ander account: 1" in page
    logged_in.post(INVITE, {"confirm": "1"})
    assert Student.objects.get(pk=cohort["also_new"].pk).user is None


def test_posted_ids_choose_the_students_within_the_gate(logged_in, cohort):
    picked = [str(cohort["other_class"].public_id), "not-an-id"]

    page = text(logged_in.post(INVITE, {"ids": picked}))

    assert "1 student krijgt een uitnodiging" in page
    assert "dirk@student.example" in page
    logged_in.post(INVITE, {"ids": picked, "confirm": "1"})
    assert Student.objects.get(pk=cohort["other_class"].pk).user is not None
    assert Student.objects.get(pk=cohort["new"].pk).user is None


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def test_only_a_coordinator_invites_a_cohort(client, role, cohort, request):
    client.force_login(request.getfixturevalue(str(role)))

    assert client.get(INVITE).status_code == 403
    assert client.post(INVITE, {"confirm": "1"}).status_code == 403
    assert client.get(ACCOUNTS).status_code == 403
    assert client.post(RESEND, {"all": "1"}).status_code == 403
    assert not Student.objects.filter(pk=cohort["new"].pk, user__isnull=False).exists()


def test_the_preview_queries_stay_flat(logged_in, django_assert_max_num_queries):
    StudentFactory.create_batch(5, class_name="VZ3A", email="")
    choose_class(logged_in, "VZ3A")
    with django_assert_max_num_queries(20) as few:
        logged_in.get(INVITE)
    StudentFactory.create_batch(45, class_name="VZ3A", email="")

    with django_assert_max_num_queries(len(few.captured_queries)):
        logged_in.get(INVITE)


# Never logged in


def invited(student: Student, *, logged_in_once: bool = False) -> User:
    user = UserFactory.create(username=f"{student.student_number}@student.example")
    if logged_in_once:
        user.last_login = timezone.now()
    else:
        user.set_unusable_password()
    user.save()
    student.user = user
    student.save(update_fields=["user"])
    return user


def test_students_who_never_logged_in_are_listed(logged_in, cohort):
    never = invited(StudentFactory.create(class_name="VZ3A", last_name="Nooitingelogd"))
    invited(StudentFactory.create(class_name="VZ3A", last_name="Welingelogd"), logged_in_once=True)
    choose_class(logged_in, "VZ3A")

    page = text(logged_in.get(ACCOUNTS))

    assert "Nooitingelogd" in page
    assert never.username in page
    assert "Welingelogd" not in page
    assert "dirk@student.example" not in page


def test_the_invitation_is_sent_again_to_the_ticked_students(
    logged_in, cohort, django_capture_on_commit_callbacks
):
    first = invited(StudentFactory.create(class_name="VZ3A"))
    second = invited(StudentFactory.create(class_name="VZ3A"))

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(RESEND, {"ids": [str(first.student.public_id)]}, follow=True)

    assert "De uitnodiging is opnieuw verstuurd naar 1 student." in text(response)
    assert [message.to for message in mail.outbox] == [[first.email]]
    assert AuditEntry.objects.filter(object_id=str(first.public_id)).count() == 1
    assert not AuditEntry.objects.filter(object_id=str(second.public_id)).exists()


def test_send_again_to_all_of_the_list_and_a_tick_less_post_sends_nothing(
    logged_in, cohort, django_capture_on_commit_callbacks
):
    first = invited(StudentFactory.create(class_name="VZ3A"))
    invited(StudentFactory.create(class_name="VZ3B"))
    choose_class(logged_in, "VZ3A")

    with django_capture_on_commit_callbacks(execute=True):
        nothing = logged_in.post(RESEND, follow=True)
    assert "Vink de studenten aan" in text(nothing)
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(RESEND, {"all": "1"})
    assert [message.to for message in mail.outbox] == [[first.email]]


def test_the_never_logged_in_list_queries_stay_flat(logged_in, django_assert_max_num_queries):
    for _ in range(5):
        invited(StudentFactory.create(class_name="VZ3A"))
    choose_class(logged_in, "VZ3A")
    with django_assert_max_num_queries(20) as few:
        logged_in.get(ACCOUNTS)
    for _ in range(45):
        invited(StudentFactory.create(class_name="VZ3A"))

    with django_assert_max_num_queries(len(few.captured_queries)):
        logged_in.get(ACCOUNTS)


def test_the_class_in_the_address_chooses_the_students_up_to_the_confirm(logged_in, cohort):
    """The import's result links to the list of a class by address (?class_name=), not by the
    kept search: the invite page reached from that list, and its confirm, act on that class
    only, although the kept search is empty."""
    page = text(logged_in.get(INVITE + "?class_name=VZ3A"))
    assert "2 studenten krijgen een uitnodiging" in page
    assert 'action="/students/cohort/invite/?class_name=VZ3A"' in page

    logged_in.post(INVITE + "?class_name=VZ3A", {"confirm": "1"})

    invited = set(Student.objects.exclude(user=None).values_list("email", flat=True))
    assert "dirk@student.example" not in invited
    assert "bram@student.example" in invited
