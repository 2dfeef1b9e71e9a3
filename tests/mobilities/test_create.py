import datetime

import pytest
from django.urls import reverse

from tests.factories import StudentFactory
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db

IN_A_YEAR = datetime.date.today() + datetime.timedelta(days=365)


def form_data(student, **overrides):
    return {
        "student": student.pk,
        "type": "internship_abroad",
        "destination_country": "ES",
        "destination_city": "Valencia",
        "departure_date": IN_A_YEAR.isoformat(),
        "return_date": (IN_A_YEAR + datetime.timedelta(days=90)).isoformat(),
        "funding": "erasmus",
    } | overrides


def test_coordinator_creates_a_mobility_with_its_checklist(english, coordinator):
    student = StudentFactory.create()
    english.force_login(coordinator)

    response = english.post(reverse("mobilities:create"), form_data(student))

    mobility = Mobility.objects.get()
    assert response["Location"] == reverse("mobilities:detail", args=[mobility.public_id])
    assert mobility.student == student and mobility.step == 1
    assert mobility.items.filter(template_item__key="preparation-erasmus-documents").exists()
    assert mobility.audit_entries.filter(action="create", actor=coordinator).exists()


def test_create_form_prefills_the_student_from_the_link(english, coordinator):
    student = StudentFactory.create()
    english.force_login(coordinator)

    response = english.get(reverse("mobilities:create"), {"student": str(student.public_id)})

    assert response.context["form"].initial["student"] == student


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"return_date": (IN_A_YEAR - datetime.timedelta(1)).isoformat()}, "return_date",
         "The return cannot be before the departure."),
        ({"departure_date": "2020-01-01", "return_date": "2020-03-01"}, "departure_date",
         "A new mobility cannot depart in the past."),
        ({"destination_country": "XX"}, "destination_country", "Select a valid choice."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    english, coordinator, overrides, field, message
):
    english.force_login(coordinator)

    response = english.post(
        reverse("mobilities:create"), form_data(StudentFactory.create(), **overrides)
    )

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert Mobility.objects.count() == 0


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_only_coordinators_create_mobilities(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(reverse("mobilities:create"), form_data(StudentFactory.create()))

    assert response.status_code == 403
    assert Mobility.objects.count() == 0
