"""Who gets what from the privacy pages, on a GET: the role walk in one table."""

import pytest
from django.urls import reverse

from tests.factories import MobilityFactory, StudentFactory

pytestmark = pytest.mark.django_db

# (url name, role, whose record) -> status. "own" is the student fixture's record, which
# the supervisor fixture supervises a stay of and the mentor fixture is mentor of;
# "other" is a student none of them has anything to do with.
EXPECTED = {
    "students:sensitive": {
        "coordinator": (200, 200), "supervisor": (200, 404), "mentor": (403, 404),
        "student": (200, 404),
    },
    "privacy:export": {
        "coordinator": (200, 200), "supervisor": (403, 403), "mentor": (403, 403),
        "student": (403, 403),
    },
    "privacy:erase": {
        "coordinator": (200, 200), "supervisor": (403, 403), "mentor": (403, 403),
        "student": (403, 403),
    },
}  # fmt: skip
CASES = [
    (name, role, whose, statuses[index])
    for name, by_role in EXPECTED.items()
    for role, statuses in by_role.items()
    for index, whose in enumerate(["own", "other"])
]


@pytest.fixture
def records(student, supervisor, mentor):
    own = student.student
    own.mentor = mentor
    own.save()
    MobilityFactory.create(student=own, supervisor=supervisor)
    return {"own": own, "other": StudentFactory.create()}


@pytest.mark.parametrize(("name", "role", "whose", "status"), CASES)
def test_privacy_pages_answer_each_role(client, request, records, name, role, whose, status):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(name, args=[records[whose].public_id]))

    assert response.status_code == status


@pytest.mark.parametrize("name", EXPECTED)
def test_privacy_pages_send_anonymous_visitors_to_the_login(client, name):
    student = StudentFactory.create()

    response = client.get(reverse(name, args=[student.public_id]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
