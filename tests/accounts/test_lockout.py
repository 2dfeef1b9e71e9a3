import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        client.post(
            reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=address
        )


def log_in(client, username, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
    )


def test_four_failures_still_let_the_right_password_in(client, coordinator):
    fail(client, coordinator.username, 4)

    response = log_in(client, coordinator.username)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_five_failures_lock_the_username_out_with_a_page_that_says_until_when(client, coordinator):
    fail(client, coordinator.username, 5)

    response = log_in(client, coordinator.username)

    content = response.content.decode()
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in content
    assert "15 minuten" in content
    assert "_auth_user_id" not in client.session


def test_lockout_page_speaks_english_when_chosen(english, coordinator):
    fail(english, coordinator.username, 5)

    response = log_in(english, coordinator.username)

    assert "Too many failed attempts" in response.content.decode()
    assert "blocked here for 15 minutes" in response.content.decode()


def test_lockout_holds_only_for_that_username_at_that_address(client, coordinator, supervisor):
    fail(client, coordinator.username, 5)

    assert log_in(client, supervisor.username).status_code == 302
    client.logout()
    assert log_in(client, coordinator.username, address="10.0.0.2").status_code == 302


def test_lockout_ends_after_the_cool_off(client, coordinator):
    fail(client, coordinator.username, 5)
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )

    response = log_in(client, coordinator.username)

    assert response.status_code == 302


def test_failure_limit_and_lockout_minutes_are_settings(client, coordinator, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    fail(client, coordinator.username, 2)

    response = log_in(client, coordinator.username)

    assert response.status_code == 429
    assert "30 minuten" in response.content.decode()


def test_password_reset_still_works_while_locked_out(
    client, coordinator, django_capture_on_commit_callbacks
):
    fail(client, coordinator.username, 5)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_reset"), {"email": coordinator.email}, REMOTE_ADDR="10.0.0.1"
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
