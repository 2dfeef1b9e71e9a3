import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from wegwijzer import settings as production_settings

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
    assert production_settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_moves_the_end_of_the_session_on(client, coordinator):
    client.force_login(coordinator)
    first = client.session.get_expiry_date()

    client.get(reverse("home"))

    assert client.session.get_expiry_date() > first
