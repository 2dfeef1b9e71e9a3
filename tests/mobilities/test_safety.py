"""Whether the passport or ID card lasts the stay: 3 months after the planned return in the
EU/EEA and Switzerland, 6 months elsewhere; a softer note when its expiry is not known."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import MobilityFactory
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.mobilities.safety import add_months, id_document_warning

pytestmark = pytest.mark.django_db

RETURN = datetime.date(2027, 6, 15)
WARNING = "Het paspoort of de identiteitskaart is niet lang genoeg geldig voor dit verblijf."
NOTE = "De vervaldatum van het paspoort of de identiteitskaart is niet bekend."


def stay(country="ES", expiry: datetime.date | None = None, **facts) -> Mobility:
    mobility = MobilityFactory.create(
        destination_country=country, departure_date=datetime.date(2027, 3, 1),
        return_date=RETURN, **facts,
    )  # fmt: skip
    mobility.student.passport_expiry = expiry
    mobility.student.save(update_fields=["passport_expiry"])
    return mobility


def test_two_months_after_the_return_in_spain_is_too_short():
    warning = id_document_warning(stay("ES", datetime.date(2027, 8, 15)))

    assert warning is not None and not warning.missing
    assert (warning.months, warning.valid_until_at_least) == (3, datetime.date(2027, 9, 15))


def test_four_months_after_the_return_in_spain_is_enough():
    assert id_document_warning(stay("ES", datetime.date(2027, 10, 15))) is None


def test_exactly_three_months_after_the_return_is_enough():
    assert id_document_warning(stay("ES", datetime.date(2027, 9, 15))) is None


def test_switzerland_counts_as_the_eea():
    assert id_document_warning(stay("CH", datetime.date(2027, 10, 15))) is None


def test_four_months_after_the_return_in_south_africa_is_too_short(english_messages):
    warning = id_document_warning(stay("ZA", datetime.date(2027, 10, 15)))

    assert warning is not None
    assert (warning.months, warning.valid_until_at_least) == (6, datetime.date(2027, 12, 15))
    assert warning.country == "South Africa"


def test_a_missing_expiry_date_is_a_note():
    warning = id_document_warning(stay("ES", None))

    assert warning is not None and warning.missing


def test_a_closed_stay_has_no_warning():
    mobility = stay("ES", None)
    mobility.outcome = Outcome.CANCELLED

    assert id_document_warning(mobility) is None


def test_add_months_ends_on_the_last_day_of_a_shorter_month():
    assert add_months(datetime.date(2027, 8, 31), 6) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2027, 1, 31), 3) == datetime.date(2027, 4, 30)


def test_the_warning_needs_no_query(django_assert_num_queries):
    mobility = stay("ZA", datetime.date(2027, 7, 1))
    mobility = Mobility.objects.select_related("student").get(pk=mobility.pk)

    with django_assert_num_queries(0):
        id_document_warning(mobility)


# On the mobility page


def page(client, user, mobility) -> str:
    client.force_login(user)
    url = reverse("mobilities:detail", args=[mobility.public_id])
    return " ".join(client.get(url).content.decode().split())


def test_coordinator_sees_the_warning_with_the_dates(client, coordinator):
    mobility = stay("ZA", datetime.date(2027, 10, 15))

    content = page(client, coordinator, mobility)

    assert WARNING in content
    assert "Het is geldig tot 15 oktober 2027." in content
    assert "Voor Zuid-Afrika moet het geldig zijn tot ten minste 15 december 2027, 6 maanden" in (
        content
    )


def test_the_student_and_the_stays_supervisor_see_the_warning(client, student, supervisor):
    mobility = stay("ES", datetime.date(2027, 7, 1), student=student.student, supervisor=supervisor)

    for reader in (student, supervisor):
        assert WARNING in page(client, reader, mobility)


def test_the_mentor_does_not_see_passport_data(client, mentor):
    mobility = stay("ES", datetime.date(2027, 7, 1))
    mobility.student.mentor = mentor
    mobility.student.save(update_fields=["mentor"])

    content = page(client, mentor, mobility)

    assert escape(mobility.student.full_name) in content  # the page itself is shown
    assert WARNING not in content and "15 september 2027" not in content


def test_a_missing_expiry_date_shows_a_note_not_a_warning(client, coordinator):
    content = page(client, coordinator, stay("ES", None))

    assert NOTE in content and WARNING not in content


def test_a_document_that_lasts_shows_nothing(client, coordinator):
    content = page(client, coordinator, stay("ES", datetime.date(2030, 1, 1)))

    assert WARNING not in content and NOTE not in content


def test_the_warning_in_english(english, coordinator):
    english.force_login(coordinator)
    mobility = stay("ES", datetime.date(2027, 7, 1))

    response = english.get(reverse("mobilities:detail", args=[mobility.public_id]))

    assert "The passport or ID card does not last the stay." in response.content.decode()


def test_the_student_sees_the_warning_on_their_home(client, student):
    stay("ES", datetime.date(2027, 7, 1), student=student.student)
    client.force_login(student)

    content = client.get(reverse("home")).content.decode()

    assert WARNING in content
    assert content.index(WARNING) > content.index("Wat ik nu moet doen")
