"""A name that is only spaces or invisible characters is refused, wherever a name is typed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import GuardianFactory, StudentFactory
from tests.hosts.test_views import form_data as host_data
from tests.links.helpers import make_link, minor_mobility
from tests.students.test_views import edit_data
from wegwijzer.core.validators import strip_invisible, validate_visible_name
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links.models import SignedLink
from wegwijzer.students.models import Guardian, Student

MESSAGE = "Vul een naam met letters in: alleen spaties of onzichtbare tekens zijn geen naam."

NO_NAMES = [
    "   ",
    "\u200b",  # zero-width space
    "\u200c\u200d",  # zero-width (non-)joiner
    "\u2060",  # word joiner
    "\ufeff",  # byte order mark
    "\u00a0\u00a0",  # non-breaking spaces
    " \u200b\u00a0\t",
]


@pytest.mark.parametrize("text", NO_NAMES)
def test_validator_refuses_a_name_that_shows_nothing(text):
    with pytest.raises(ValidationError) as refused:
        validate_visible_name(text)

    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize("text", ["Anna", "Ö", "van 't Riet", "Zoë\u200bde Vries"])
def test_validator_takes_a_name_with_letters(text):
    validate_visible_name(text)


def test_invisible_characters_at_the_edges_are_stripped_those_inside_kept():
    assert strip_invisible("\ufeff\u200b Anna\u200dde\u00a0Vries\u2060 \u200b") == (
        "Anna\u200dde\u00a0Vries"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("text", NO_NAMES)
def test_student_named_only_invisibly_is_refused(client, coordinator, text):
    student = StudentFactory.create(first_name="Daan")
    client.force_login(coordinator)

    response = client.post(
        reverse("students:edit", args=[student.public_id]), edit_data(student, first_name=text)
    )

    assert MESSAGE in response.content.decode()
    assert Student.objects.get(pk=student.pk).first_name == "Daan"


@pytest.mark.django_db
def test_student_name_is_saved_without_invisible_edges(client, coordinator):
    student = StudentFactory.create()
    client.force_login(coordinator)

    client.post(
        reverse("students:edit", args=[student.public_id]),
        edit_data(student, first_name="\u200bSanne\u00a0", last_name="\ufeffde Wit "),
    )

    student.refresh_from_db()
    assert (student.first_name, student.last_name) == ("Sanne", "de Wit")


@pytest.mark.django_db
@pytest.mark.parametrize("people", ["guardians", "emergency_contacts"])
def test_a_guardian_or_emergency_contact_named_only_invisibly_is_refused(
    client, coordinator, people
):
    student = StudentFactory.create()
    GuardianFactory.create(student=student, name="Anna de Vries")
    client.force_login(coordinator)
    data = edit_data(student) | {f"{people}-0-name": "\u200b \u200b"}
    if people == "emergency_contacts":
        data |= {f"{people}-TOTAL_FORMS": "1", f"{people}-0-phone": "+31 6 1"}

    response = client.post(reverse("students:edit", args=[student.public_id]), data)

    assert MESSAGE in response.content.decode()
    assert list(Guardian.objects.values_list("name", flat=True)) == ["Anna de Vries"]
    assert not student.emergency_contacts.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "contact_name"])
def test_a_host_company_named_only_invisibly_is_refused(client, coordinator, field):
    client.force_login(coordinator)

    response = client.post(reverse("hosts:create"), host_data(**{field: "\u2060\u00a0"}))

    assert MESSAGE in response.content.decode()
    assert not HostCompany.objects.exists()


@pytest.mark.django_db
def test_the_name_on_the_guardians_consent_link_must_show_something(client):
    mobility = minor_mobility()
    link, token = make_link(mobility)

    response = client.post(
        reverse("links:open", args=[token]),
        {"consent": "given", "name": "\u200b", "is_guardian": "on", "remarks": ""},
    )

    assert MESSAGE in response.content.decode()
    assert SignedLink.objects.get(pk=link.pk).used_at is None
