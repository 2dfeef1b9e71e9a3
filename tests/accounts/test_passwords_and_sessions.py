import datetime
import time

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from wegwijzer import settings as production_settings
from wegwijzer.core.middleware import RENEWED_AT

pytestmark = pytest.mark.django_db

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def test_production_settings_hash_with_argon2_first():
    # The suite itself swaps in a fast hasher (conftest); the settings module is what runs.
    assert production_settings.PASSWORD_HASHERS[0] == ARGON2
    assert PBKDF2 in production_settings.PASSWORD_HASHERS


def test_login_with_an_old_pbkdf2_hash_upgrades_it_to_argon2(client, settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = UserFactory.create(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.password.startswith("argon2$")


def test_sessions_end_after_an_hour_without_requests():
    assert production_settings.SESSION_COOKIE_AGE == 60 * 60
    # Moved on by SessionRenewalMiddleware, not written on every request.
    assert production_settings.SESSION_SAVE_EVERY_REQUEST is False
    assert "wegwijzer.core.middleware.SessionRenewalMiddleware" in production_settings.MIDDLEWARE


def _stored_end(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _renewed_minutes_ago(client, minutes: int) -> None:
    """As if the session was last moved on `minutes` ago, its end an hour after that."""
    session = client.session
    session[RENEWED_AT] = int(time.time()) - minutes * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=60 - minutes)
    )


def test_a_request_after_a_few_minutes_moves_the_end_of_the_session_on(client, coordinator):
    client.force_login(coordinator)
    _renewed_minutes_ago(client, 10)
    first = _stored_end(client)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert _stored_end(client) > first + datetime.timedelta(minutes=9)
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_a_request_soon_after_the_last_leaves_the_session_unwritten(client, coordinator):
    client.force_login(coordinator)  # saves the session, its end an hour away
    first = _stored_end(client)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert _stored_end(client) == first
    assert not [q for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_session_left_alone_for_the_age_has_ended(client, coordinator):
    client.force_login(coordinator)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logging_out_ends_the_session_without_a_new_one(client, coordinator):
    client.force_login(coordinator)
    key = client.session.session_key

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.exists()
