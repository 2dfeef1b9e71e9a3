import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.factories import StudentFactory, UserFactory
from wegwijzer.accounts.models import Role, User


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
