"""Ambassadors (issue 15): opting in back home, the pool with its filters and what it shows
before and after the ambassador agreed to share contact details, opting out."""

import pytest
from django.urls import reverse

from tests.experiences.conftest import ambassador_of, stay_of
from tests.factories import MobilityFactory, ProgrammeFactory, StudentFactory
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.experiences.models import Ambassador
from wegwijzer.mobilities.models import ItemStatus, Outcome
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

POOL = reverse("experiences:pool")


def join_url(mobility) -> str:
    return reverse("experiences:ambassador", args=[mobility.public_id])


def test_back_home_the_student_joins_the_pool_which_settles_the_item(client, student):
    mobility = stay_of(student, step=Step.BACK_HOME)
    client.force_login(student)

    response = client.post(join_url(mobility), {"contact": "sanne@school.example"})

    assert response.status_code == 302
    ambassador = Ambassador.objects.get()
    assert ambassador.mobility == mobility and not ambassador.share_contact
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=ambassador.public_id).exists()
    item = mobility.items.get(template_item__key="back-ambassador")
    assert item.status == ItemStatus.DONE


def test_after_a_completed_stay_the_student_may_join(client, student):
    mobility = stay_of(student, step=Step.BACK_HOME, outcome=Outcome.COMPLETED)
    client.force_login(student)

    client.post(join_url(mobility), {"contact": "Via de coördinator", "share_contact": "on"})

    assert Ambassador.objects.get().share_contact


@pytest.mark.parametrize("step", [Step.PREPARATION, Step.ABROAD])
def test_before_coming_back_the_student_may_not_join(client, student, step):
    mobility = stay_of(student, step=step)
    client.force_login(student)

    assert client.get(join_url(mobility)).status_code == 403
    assert client.post(join_url(mobility), {"contact": "x"}).status_code == 403
    assert not Ambassador.objects.exists()


def test_a_broken_off_stay_gives_no_ambassador(client, student):
    mobility = stay_of(student, step=Step.ABROAD, outcome=Outcome.BROKEN_OFF)
    client.force_login(student)

    assert client.get(join_url(mobility)).status_code == 403


def test_staff_do_not_join_for_the_student(client, coordinator):
    mobility = stay_of(step=Step.BACK_HOME)
    client.force_login(coordinator)

    assert client.post(join_url(mobility), {"contact": "x"}).status_code == 403


def test_the_contact_is_required(english, student):
    mobility = stay_of(student, step=Step.BACK_HOME)
    english.force_login(student)

    response = english.post(join_url(mobility), {"contact": " "})

    assert "Say how other students can reach you." in response.content.decode()
    assert not Ambassador.objects.exists()


def test_changing_the_details_with_a_stale_form_is_refused(english, student):
    mobility = stay_of(student, step=Step.BACK_HOME)
    ambassador = ambassador_of(mobility)
    english.force_login(student)
    english.post(join_url(mobility), {"contact": "Nieuw", "version": ambassador.version})

    response = english.post(join_url(mobility), {"contact": "Ouder", "version": 0})

    assert "This changed since this page was shown" in response.content.decode()
    ambassador.refresh_from_db()
    assert ambassador.contact == "Nieuw"


def test_opting_out_leaves_the_pool_at_once(client, student, other_student):
    mobility = stay_of(student, step=Step.BACK_HOME)
    ambassador = ambassador_of(mobility, share_contact=True, contact="sanne@school.example")
    client.force_login(student)

    client.post(
        reverse("experiences:leave", args=[mobility.public_id]), {"version": ambassador.version}
    )

    assert not Ambassador.objects.exists()
    assert AuditEntry.objects.filter(action=Action.DELETE, object_id=ambassador.public_id).exists()
    client.force_login(other_student)
    assert "sanne@school.example" not in client.get(POOL).content.decode()


# The pool


def test_the_pool_shows_first_name_programme_and_destination_only_without_consent(
    client, other_student
):
    hidden = ambassador_of(
        stay_of(step=Step.BACK_HOME, destination_city="Lissabon", destination_country="PT"),
        contact="verborgen@school.example",
    )
    shown = ambassador_of(
        stay_of(step=Step.BACK_HOME, destination_city="Dublin", destination_country="IE"),
        contact="zichtbaar@school.example",
        share_contact=True,
    )
    client.force_login(other_student)

    page = client.get(POOL).content.decode()

    for ambassador in (hidden, shown):
        student = ambassador.mobility.student
        assert student.first_name in page and student.programme.name in page
        assert student.last_name not in page
    assert "Lissabon" in page and "Dublin" in page
    assert "zichtbaar@school.example" in page
    assert "verborgen@school.example" not in page


def test_the_pool_is_filtered_by_country_and_programme(client, student):
    kitchen = ProgrammeFactory.create(name="Kok")
    care = ProgrammeFactory.create(name="Verzorgende IG")
    for city, country, programme in [
        ("Lissabon", "PT", kitchen), ("Porto", "PT", care), ("Dublin", "IE", kitchen),
    ]:  # fmt: skip
        mobility = MobilityFactory.create(
            student=StudentFactory.create(programme=programme), destination_city=city,
            destination_country=country,
        )  # fmt: skip
        ambassador_of(mobility)
    client.force_login(student)

    by_country = client.get(POOL, {"country": "PT"}).content.decode()
    both = client.get(POOL, {"country": "PT", "programme": "kok"}).content.decode()

    assert "Lissabon" in by_country and "Porto" in by_country and "Dublin" not in by_country
    assert "Lissabon" in both and "Porto" not in both and "Dublin" not in both


@pytest.mark.parametrize("count", [1, 25])
def test_the_pool_takes_the_same_queries_for_few_and_many(
    client, student, django_assert_max_num_queries, count
):
    for number in range(count):
        ambassador_of(MobilityFactory.create(), share_contact=bool(number % 2))
    client.force_login(student)

    with django_assert_max_num_queries(12):
        response = client.get(POOL, {"country": "ES"})

    assert response.status_code == 200


def test_the_country_choices_are_the_countries_of_the_ambassadors(client, student):
    for country in ["PT", "IE", "PT"]:
        ambassador_of(MobilityFactory.create(destination_country=country))
    MobilityFactory.create(destination_country="FI")  # a stay without an ambassador
    client.force_login(student)

    choices = client.get(POOL).context["filters"].fields["country"].choices

    assert [code for code, _name in choices] == ["", "IE", "PT"]
