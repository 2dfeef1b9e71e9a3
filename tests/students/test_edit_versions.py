"""Two people editing one student: the second save, made from an older version, changes nothing."""

import pytest
from django.urls import reverse

from tests.factories import GuardianFactory, StudentFactory
from tests.students.test_views import edit_data
from wegwijzer.students import services
from wegwijzer.students.models import Student
from wegwijzer.students.services import PeopleChanges

pytestmark = pytest.mark.django_db


def test_edit_from_an_older_version_is_refused_and_keeps_the_first_change(english, coordinator):
    student = StudentFactory.create(phone="", year=2)
    first = edit_data(student, phone="+31 6 1234 5678")
    second = edit_data(student, year="3")
    english.force_login(coordinator)
    url = reverse("students:edit", args=[student.public_id])

    english.post(url, first)
    response = english.post(url, second)

    student.refresh_from_db()
    assert (student.phone, student.year, student.version) == ("+31 6 1234 5678", 2, 1)
    content = response.content.decode()
    assert "This student changed since this page was shown." in content
    assert str(response.context["form"]["version"].value()) == "1"


def test_stale_edit_is_refused_in_dutch(client, coordinator):
    student = StudentFactory.create(year=2)
    data = edit_data(student, year="3")
    services.update_student(student, by=coordinator, version=0, changes={"phone": "06 1"})
    client.force_login(coordinator)

    response = client.post(reverse("students:edit", args=[student.public_id]), data)

    assert "Deze student is gewijzigd sinds deze pagina werd getoond." in response.content.decode()
    assert Student.objects.get(pk=student.pk).year == 2


def test_a_changed_guardian_raises_the_students_version(coordinator):
    student = StudentFactory.create()
    guardian = GuardianFactory.create(student=student, phone="06 1")

    services.update_student(
        student, by=coordinator, version=0, changes={},
        guardians=PeopleChanges(changed=[(guardian, {"phone": "06 2"})]),
    )  # fmt: skip

    assert Student.objects.get(pk=student.pk).version == 1
    with pytest.raises(services.StaleStudentError):
        services.update_student(student, by=coordinator, version=0, changes={"phone": "06 3"})
    assert Student.objects.get(pk=student.pk).phone != "06 3"


def test_a_save_without_changes_keeps_the_version(coordinator):
    student = StudentFactory.create(year=2)

    services.update_student(student, by=coordinator, version=0, changes={"year": 2})

    assert Student.objects.get(pk=student.pk).version == 0
