"""The mentor's home lists every mentee; the supervisor's home finds closed stays too."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import MobilityFactory, ProgrammeFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.accounts.views import MENTEES_PER_PAGE
from wegwijzer.mobilities.models import ItemStatus, Outcome
from wegwijzer.students.models import AbroadInterest

pytestmark = pytest.mark.django_db


# The mentor: every mentee, also without a stay


def test_mentor_home_lists_mentees_without_a_stay_with_their_interest(client, mentor):
    mentee = StudentFactory.create(mentor=mentor, abroad_interest=AbroadInterest.INTERESTED)
    other = StudentFactory.create(mentor=UserFactory.create(role=Role.MENTOR))
    client.force_login(mentor)

    content = client.get(reverse("home")).content.decode()

    assert escape(mentee.full_name) in content
    assert escape(other.full_name) not in content
    assert '<option value="interested" selected>Heeft interesse</option>' in content
    assert "Vraag de coördinator een verblijf te starten" in content
    assert reverse("students:ask-for-stay", args=[mentee.public_id]) in content


def test_mentor_home_offers_no_request_for_a_mentee_with_a_stay(client, mentor):
    mentee = StudentFactory.create(mentor=mentor)
    MobilityFactory.create(student=mentee, destination_city="Gent")
    client.force_login(mentor)

    content = client.get(reverse("home")).content.decode()

    assert "Gent</a>: 1. Voorlichting" in content
    assert reverse("students:ask-for-stay", args=[mentee.public_id]) not in content


def test_mentor_home_leaves_out_erased_mentees(client, mentor):
    StudentFactory.create(
        mentor=mentor, first_name="Verwijderd", erased_at=datetime.datetime.now(datetime.UTC)
    )
    client.force_login(mentor)

    content = client.get(reverse("home")).content.decode()

    assert "Verwijderd" not in content
    assert "Je hebt nog geen mentees." in content


def test_mentor_home_is_paginated(client, mentor):
    programme = ProgrammeFactory.create()
    StudentFactory.create_batch(MENTEES_PER_PAGE + 1, mentor=mentor, programme=programme)
    client.force_login(mentor)

    first = client.get(reverse("home"))
    second = client.get(reverse("home"), {"page": 2})

    assert len(first.context["page"].object_list) == MENTEES_PER_PAGE
    assert len(second.context["page"].object_list) == 1
    assert "Pagina 2 van 2" in second.content.decode()


def test_mentor_home_queries_do_not_grow_with_the_mentees(
    client, mentor, django_assert_max_num_queries
):
    programme = ProgrammeFactory.create()
    for _ in range(3):
        MobilityFactory.create(student=StudentFactory.create(mentor=mentor, programme=programme))
    StudentFactory.create_batch(2, mentor=mentor, programme=programme)
    client.force_login(mentor)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("home"))
    for _ in range(20):
        MobilityFactory.create(student=StudentFactory.create(mentor=mentor, programme=programme))
    StudentFactory.create_batch(20, mentor=mentor, programme=programme)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))

    assert len(response.context["page"].object_list) == MENTEES_PER_PAGE


# The supervisor: open, closed or all of their stays


def closed_and_open(supervisor):
    open_stay = MobilityFactory.create(supervisor=supervisor, destination_city="Gent")
    closed = MobilityFactory.create(
        supervisor=supervisor, destination_city="Porto", outcome=Outcome.CANCELLED
    )
    return open_stay, closed


def test_supervisor_home_lists_the_stays_in_progress_by_default(client, supervisor):
    open_stay, closed = closed_and_open(supervisor)
    client.force_login(supervisor)

    response = client.get(reverse("home"))

    assert list(response.context["page"].object_list) == [open_stay]
    assert escape(closed.student.full_name) not in response.content.decode()


def test_supervisor_home_finds_the_closed_stays(client, supervisor):
    _open_stay, closed = closed_and_open(supervisor)
    MobilityFactory.create(
        supervisor=UserFactory.create(role=Role.SUPERVISOR), outcome=Outcome.COMPLETED
    )
    client.force_login(supervisor)

    response = client.get(reverse("home"), {"show": "closed"})

    assert list(response.context["page"].object_list) == [closed]
    content = response.content.decode()
    assert escape(closed.student.full_name) in content
    assert "Geannuleerd voor vertrek" in content
    assert '<option value="closed" selected>' in content


def test_supervisor_home_lists_all_stays_open_first(client, supervisor):
    open_stay, closed = closed_and_open(supervisor)
    client.force_login(supervisor)

    response = client.get(reverse("home"), {"show": "all"})

    assert list(response.context["page"].object_list) == [open_stay, closed]


def test_supervisor_home_treats_an_unknown_filter_as_in_progress(client, supervisor):
    open_stay, _closed = closed_and_open(supervisor)
    client.force_login(supervisor)

    response = client.get(reverse("home"), {"show": "<script>"})

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [open_stay]


def test_supervisor_home_says_when_no_stay_is_closed(client, supervisor):
    MobilityFactory.create(supervisor=supervisor)
    client.force_login(supervisor)

    content = client.get(reverse("home"), {"show": "closed"}).content.decode()

    assert "Geen van de verblijven die je begeleidt is afgesloten." in content


@pytest.mark.parametrize("show", ["closed", "all"])
def test_supervisor_home_queries_do_not_grow_with_closed_stays(
    client, supervisor, show, django_assert_max_num_queries
):
    for _ in range(2):
        closed_and_open(supervisor)
    client.force_login(supervisor)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("home"), {"show": show})
    for _ in range(15):
        closed_and_open(supervisor)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"), {"show": show})


def test_mentor_home_says_nothing_waits_for_a_stay_with_all_items_done(client, mentor):
    mobility = MobilityFactory.create(student=StudentFactory.create(mentor=mentor))
    mobility.items.update(status=ItemStatus.DONE)
    client.force_login(mentor)

    content = client.get(reverse("home")).content.decode()

    assert content.count("Nu niets") == 2


# The coordinator: how many stays the list holds


def test_coordinator_home_counts_the_open_stays_without_and_with_a_filter(english, coordinator):
    MobilityFactory.create_batch(3, destination_country="ES")
    MobilityFactory.create(destination_country="DE")
    MobilityFactory.create(destination_country="ES", outcome=Outcome.COMPLETED)
    english.force_login(coordinator)

    everything = english.get(reverse("home")).content.decode()
    spain = english.get(reverse("home"), {"country": "ES"}).content.decode()
    germany = english.get(reverse("home"), {"country": "DE"}).content.decode()

    # Without a filter the count comes with the steps' counts (no second COUNT): the
    # closed stay is in neither.
    assert "4 mobilities, overdue first" in everything
    assert "3 mobilities, overdue first" in spain
    assert "1 mobility, overdue first" in germany


def test_coordinator_home_without_a_filter_counts_its_list_once(
    client, coordinator, django_assert_max_num_queries
):
    MobilityFactory.create_batch(2)
    client.force_login(coordinator)
    with django_assert_max_num_queries(100) as unfiltered:
        client.get(reverse("home"))
    with django_assert_max_num_queries(100) as filtered:
        client.get(reverse("home"), {"country": "ES"})

    def counts_of_the_list(captured: list[dict[str, str]]) -> int:
        return sum(
            1
            for query in captured
            if query["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "mobilities_mobility"')
            and "departure_date" not in query["sql"]
        )

    assert counts_of_the_list(unfiltered.captured_queries) == 0
    assert counts_of_the_list(filtered.captured_queries) == 1
