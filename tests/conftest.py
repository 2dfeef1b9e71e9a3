import unittest

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.factories import StudentFactory, UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.funding import listing, tallies
from wegwijzer.funding.models import AgreementTally, MobilityGrant


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Uploaded documents of a test stay in that test's own folder.
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    # The suite runs without collectstatic, so production's hashed-name storage
    # (which needs the manifest collectstatic writes) is swapped for the plain one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Hashing demo and fixture passwords with the production hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request of the test client runs in this thread and leaves its language active:
    # each test starts in the default language, whatever the test before it asked for.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def coordinator(db) -> User:
    return UserFactory.create(username="coordinator-fixture", role=Role.COORDINATOR)


@pytest.fixture
def supervisor(db) -> User:
    return UserFactory.create(username="supervisor-fixture", role=Role.SUPERVISOR)


@pytest.fixture
def mentor(db) -> User:
    return UserFactory.create(username="mentor-fixture", role=Role.MENTOR)


@pytest.fixture
def student(db) -> User:
    user = UserFactory.create(username="student-fixture", role=Role.STUDENT)
    StudentFactory(user=user, first_name=user.first_name, last_name=user.last_name)
    return user


@pytest.fixture
def other_student(db) -> User:
    user = UserFactory.create(username="other-student-fixture", role=Role.STUDENT)
    StudentFactory(user=user, first_name=user.first_name, last_name=user.last_name)
    return user


@pytest.fixture(params=[Role.COORDINATOR, Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def any_role_user(request, db) -> User:
    """One test run per role: the user of that role."""
    return request.getfixturevalue(str(request.param))


@pytest.fixture
def english(client):
    """The test client with English chosen in the language switch (the default is Dutch)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english_messages():
    """Outside a request Dutch (the default) is active; for tests that read English messages."""
    with translation.override("en"):
        yield


# The fixtures by which a test uses the database.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def stored_totals_differences() -> dict:
    """The agreements whose stored Erasmus+ totals (funding.tallies) differ from a live
    count, though not marked stale: a write path that does not mark them."""
    if not (AgreementTally.objects.exists() or MobilityGrant.objects.exists()):
        return {}
    return tallies.differences()


@pytest.fixture(autouse=True)
def _stored_totals_are_current(request):
    """After every test that wrote to the database: the stored totals are the live ones
    (the suite refreshes them at once, FUNDING_TALLIES_REFRESH=at_once), and each payment
    is on the list of payments due as its stay says (funding.listing)."""
    uses_database = request.node.get_closest_marker("django_db") or (
        DATABASE_FIXTURES & set(request.fixturenames)
    )
    if not uses_database or isinstance(request.instance, unittest.TestCase):
        yield
        return
    # Set up before this fixture, so that its rollback comes after the check.
    request.getfixturevalue("_django_db_helper")
    yield
    differing = stored_totals_differences()
    assert not differing, f"Stored Erasmus+ totals not marked stale after a change: {differing}"
    drifted = listing.differences()
    assert not drifted, f"Payments whose on_list differs from their stay: {drifted}"
