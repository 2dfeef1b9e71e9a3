"""Dates far outside the school's years get a form message, never a server error."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import MobilityFactory, StudentFactory
from tests.mobilities.test_city_field import form_data
from tests.mobilities.test_views import edit_data
from tests.students.test_views import edit_data as student_edit_data
from tests.whereabouts.helpers import stay
from wegwijzer.core.forms import SchoolDateField
from wegwijzer.mobilities.forms import CloseForm, CompleteItemForm
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db

MESSAGE = "Vul een datum in tussen 1900 en 2100."


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1899-12-31", False),
        ("1900-01-01", True),
        ("2100-12-31", True),
        ("2101-01-01", False),
        ("9999-12-31", False),
        ("0001-01-01", False),
    ],
)
def test_school_date_field_takes_years_from_1900_to_2100(value, valid):
    field = SchoolDateField()

    if valid:
        assert field.clean(value) == datetime.date.fromisoformat(value)
    else:
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert refused.value.messages == [MESSAGE]


def test_mobility_edit_with_a_return_in_9999_shows_a_message_and_saves_nothing(client, coordinator):
    mobility = MobilityFactory.create()
    before = mobility.return_date
    client.force_login(coordinator)

    response = client.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, return_date="9999-12-31"),
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Mobility.objects.get(pk=mobility.pk).return_date == before


def test_new_mobility_departing_in_9999_shows_a_message(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("mobilities:create"),
        form_data(StudentFactory.create(), departure_date="9999-12-01", return_date="9999-12-31"),
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Mobility.objects.exists()


def test_student_born_before_1900_shows_a_message(client, coordinator):
    student = StudentFactory.create()
    client.force_login(coordinator)

    response = client.post(
        reverse("students:edit", args=[student.public_id]),
        student_edit_data(student, date_of_birth="1850-01-01", passport_expiry="9999-01-01"),
    )

    assert response.content.decode().count(MESSAGE) == 2
    student.refresh_from_db()
    assert student.date_of_birth.year != 1850


def test_break_off_and_item_dates_in_9999_are_refused_with_the_message():
    close = CloseForm({"reason": "Ziek", "on": "9999-12-31"})
    complete = CompleteItemForm({"version": "0", "done_on": "9999-12-31", "note": ""})

    assert not close.is_valid() and close.errors["on"] == [MESSAGE]
    assert not complete.is_valid() and complete.errors["done_on"] == [MESSAGE]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_whereabouts_for_a_day_out_of_range_says_so_and_shows_today(client, coordinator, day):
    today = datetime.date.today()
    stay(departure=today - datetime.timedelta(days=3), back=today + datetime.timedelta(days=30))
    client.force_login(coordinator)

    response = client.get(reverse("whereabouts:list"), {"day": day, "country": "ES"})

    assert response.status_code == 200
    content = response.content.decode()
    assert MESSAGE in content
    assert "Ria de Boer" in content  # today's list, the day's error next to the field


@pytest.mark.parametrize("export", ["whereabouts:csv", "whereabouts:xlsx"])
def test_whereabouts_export_for_a_day_out_of_range_is_todays(client, coordinator, export):
    client.force_login(coordinator)

    response = client.get(reverse(export), {"day": "9999-12-31"})

    assert response.status_code == 200
    assert datetime.date.today().isoformat() in response["Content-Disposition"]
