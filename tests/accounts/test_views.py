import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from tests.factories import PASSWORD, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role

pytestmark = pytest.mark.django_db

ROLE_HEADINGS = {
    Role.COORDINATOR: "Overzicht",
    Role.SUPERVISOR: "Mijn studenten",
    Role.MENTOR: "Mijn mentees",
    Role.STUDENT: "Mijn reis",
}


def test_home_anonymous_is_sent_to_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_login_page_is_dutch_and_open_to_everyone(client):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert "Inloggen bij Wegwijzer" in content
    assert 'for="id_username"' in content and 'for="id_password"' in content


def test_login_lands_each_role_on_its_own_home(client, any_role_user):
    response = client.post(
        reverse("login"), {"username": any_role_user.username, "password": PASSWORD}, follow=True
    )

    content = response.content.decode()
    assert response.redirect_chain == [("/", 302)]
    assert f"<title>{ROLE_HEADINGS[any_role_user.role]} · Wegwijzer</title>" in content
    assert f"Je bent ingelogd als {any_role_user.get_role_display()}" in content


def test_login_with_wrong_password_says_so_and_logs_nobody_in(client, coordinator):
    response = client.post(reverse("login"), {"username": "coordinator-fixture", "password": "x"})

    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_navigation_follows_the_role(client, mentor, student):
    client.force_login(mentor)
    mentor_page = client.get("/").content.decode()
    client.force_login(student)
    student_page = client.get("/").content.decode()

    assert 'aria-current="page">Mijn mentees</a>' in mentor_page
    assert "Mijn reis</a>" not in mentor_page
    assert 'aria-current="page">Mijn reis</a>' in student_page


def test_mentor_home_lists_only_own_mentees(client, mentor):
    own = StudentFactory.create(mentor=mentor, first_name="Eigen", last_name="Mentee")
    StudentFactory(mentor=UserFactory(role=Role.MENTOR), first_name="Andere", last_name="Mentee")
    client.force_login(mentor)

    content = client.get("/").content.decode()

    assert escape(own.full_name) in content
    assert "Andere Mentee" not in content


def test_student_home_shows_own_programme(client, student):
    client.force_login(student)

    content = client.get("/").content.decode()

    assert student.student.programme.name in content


def test_coordinator_home_counts_the_school(client, coordinator):
    StudentFactory.create_batch(3)
    client.force_login(coordinator)

    content = client.get("/").content.decode()

    assert re.search(r"<dt>Studenten</dt><dd>3</dd>", content)


def test_logout_requires_post_and_ends_the_session(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("login")
    assert client.get("/").status_code == 302


def test_password_reset_sends_a_working_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": coordinator.email})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    assert message.subject == "Kies een nieuw wachtwoord voor Wegwijzer"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", str(message.body))
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert "Kies een nieuw wachtwoord" in form_page.content.decode()
    assert form_page.context["validlink"] is True


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@school.example"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_mail_speaks_the_language_of_the_request(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.post(reverse("set_language"), {"language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": coordinator.email})

    assert mail.outbox[0].subject == "Choose a new password for Wegwijzer"
