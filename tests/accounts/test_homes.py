import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import MobilityFactory, ProgrammeFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.documents.models import Document
from wegwijzer.mobilities import queries, services
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# The default checklist starts 300 days before departure: a mobility departing later than
# that has nothing due yet, one departing sooner has overdue items.
ON_TIME = TODAY + datetime.timedelta(days=400)
LATE = TODAY + datetime.timedelta(days=120)


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


def next_due(mobilities) -> dict:
    # Typed as Any: mypy's Django plugin knows the model's fields, not the annotations.
    annotated: Any = queries.with_next_due(mobilities, TODAY)
    return annotated.values("next_due_title", "next_due_date", "is_overdue").get()


def listed_on_coordinator_home(client, **params) -> list[Mobility]:
    """The filters posted, as the form does; the list is then shown at the home address."""
    response = client.post(reverse("home"), params, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    return list(response.context["page"].object_list)


# The query helpers


def test_with_next_due_gives_the_earliest_open_applicable_item(coordinator):
    mobility = MobilityFactory.create(departure_date=ON_TIME)
    first, second = mobility.items.filter(applicable=True).order_by("due_date", "step", "pk")[:2]
    services.complete_item(first, by=coordinator, version=first.version, done_on=TODAY)

    annotated = next_due(Mobility.objects.all())

    assert annotated == {
        "next_due_title": second.title, "next_due_date": second.due_date, "is_overdue": False
    }  # fmt: skip


def test_with_next_due_marks_a_mobility_with_a_past_due_item_overdue():
    MobilityFactory.create(departure_date=LATE)

    annotated = next_due(Mobility.objects.all())

    assert annotated["next_due_date"] < TODAY
    assert annotated["is_overdue"] is True


def test_with_next_due_is_empty_when_nothing_is_open():
    mobility = MobilityFactory.create(departure_date=LATE)
    mobility.items.update(status=ItemStatus.DONE)

    annotated = next_due(Mobility.objects.all())

    assert annotated["next_due_date"] is None and annotated["is_overdue"] is False


def test_step_counts_gives_every_step_in_one_query(django_assert_num_queries):
    MobilityFactory.create_batch(2, step=Step.PREPARATION)
    MobilityFactory.create(step=Step.ABROAD)

    with django_assert_num_queries(1):
        counts = queries.step_counts(Mobility.objects.all())

    assert [(count.step, count.count) for count in counts] == [
        (Step.ORIENTATION, 0), (Step.DECISION, 0), (Step.PREPARATION, 2),
        (Step.ABROAD, 1), (Step.BACK_HOME, 0),
    ]  # fmt: skip


# Coordinator


def test_coordinator_home_lists_overdue_mobilities_first(english, coordinator):
    on_time = MobilityFactory.create(departure_date=ON_TIME)
    overdue = MobilityFactory.create(departure_date=LATE)
    english.force_login(coordinator)

    response = english.get(reverse("home"))

    assert list(response.context["page"].object_list) == [overdue, on_time]
    content = response.content.decode()
    assert content.count("Overdue:") == 1
    assert content.index(overdue.student.full_name) < content.index(on_time.student.full_name)


def test_coordinator_home_shows_the_next_due_item_translated(client, coordinator):
    MobilityFactory.create(departure_date=ON_TIME)
    client.force_login(coordinator)

    content = client.get(reverse("home")).content.decode()

    # The first item of the default checklist, in Dutch (the default language).
    assert "Voorlichting over naar het buitenland gaan gevolgd" in content


def test_coordinator_home_lists_only_mobilities_in_progress(english, coordinator):
    kept = MobilityFactory.create()
    cancelled = MobilityFactory.create()
    services.cancel_mobility(cancelled, by=coordinator, reason="Changed plans", on=TODAY)
    english.force_login(coordinator)

    listed = listed_on_coordinator_home(english)

    assert listed == [kept]


def test_coordinator_home_counts_mobilities_per_step_with_links(english, coordinator):
    MobilityFactory.create_batch(2, step=Step.PREPARATION)
    MobilityFactory.create(step=Step.ABROAD)
    english.force_login(coordinator)

    response = english.get(reverse("home"))

    pipeline = {count.step: count.count for count in response.context["pipeline"]}
    assert pipeline[Step.PREPARATION] == 2 and pipeline[Step.ABROAD] == 1
    content = response.content.decode()
    assert 'href="?step=3#mobilities-title"' in content
    assert "3. Preparation" in content


def test_coordinator_home_filters_by_step(english, coordinator):
    abroad = MobilityFactory.create(step=Step.ABROAD)
    MobilityFactory.create(step=Step.PREPARATION)
    english.force_login(coordinator)

    assert listed_on_coordinator_home(english, step=4) == [abroad]


def test_coordinator_home_filters_by_programme_country_and_supervisor(english, coordinator):
    programme = ProgrammeFactory.create()
    wanted = MobilityFactory.create(
        student=StudentFactory.create(programme=programme),
        destination_country="IT",
        destination_city="Rome",
        supervisor=UserFactory.create(username="joris", role=Role.SUPERVISOR),
    )
    MobilityFactory.create(destination_country="IT", destination_city="Rome")
    MobilityFactory.create(student=StudentFactory.create(programme=programme))
    english.force_login(coordinator)

    listed = listed_on_coordinator_home(
        english, programme=str(programme.public_id), country="IT", supervisor="joris"
    )

    assert listed == [wanted]


def test_coordinator_home_filters_by_school_year(english, coordinator):
    # A school year runs from 1 August to 31 July.
    first_year = TODAY.year + 1
    in_year = MobilityFactory.create(departure_date=datetime.date(first_year + 1, 7, 31))
    MobilityFactory.create(departure_date=datetime.date(first_year + 1, 8, 1))
    english.force_login(coordinator)

    response = english.get(reverse("home"), {"school_year": first_year})

    assert list(response.context["page"].object_list) == [in_year]
    assert f"{first_year}-{first_year + 1}" in response.content.decode()


def test_coordinator_home_search_by_number_finds_the_student(english, coordinator):
    found = MobilityFactory.create(student=StudentFactory.create(student_number="123456"))
    MobilityFactory.create(student=StudentFactory.create(student_number="654321"))
    english.force_login(coordinator)

    assert listed_on_coordinator_home(english, search="2345") == [found]


def test_coordinator_home_search_by_name_finds_the_student(english, coordinator):
    found = MobilityFactory.create(
        student=StudentFactory.create(first_name="Daan", last_name="Jansen")
    )
    MobilityFactory.create(student=StudentFactory.create(first_name="Daan", last_name="Smit"))
    english.force_login(coordinator)

    assert listed_on_coordinator_home(english, search="jans daan") == [found]


def test_coordinator_home_offers_only_countries_that_occur(english, coordinator):
    MobilityFactory.create(destination_country="IT", destination_city="Rome")
    english.force_login(coordinator)

    content = english.get(reverse("home")).content.decode()

    assert '<option value="IT">Italy</option>' in content
    assert '<option value="FR">' not in content


def test_coordinator_home_ignores_an_invalid_filter(english, coordinator):
    mobility = MobilityFactory.create()
    english.force_login(coordinator)

    assert listed_on_coordinator_home(english, step=9, country="XX") == [mobility]


def test_coordinator_home_pages_keep_the_filters(english, coordinator):
    for _ in range(21):
        MobilityFactory.create()
    for _ in range(3):
        MobilityFactory.create(destination_country="FR", destination_city="Lyon")
    english.force_login(coordinator)

    assert len(listed_on_coordinator_home(english, country="ES")) == 20
    response = english.get(reverse("home"))
    assert 'href="?page=2"' in response.content.decode()
    assert len(english.get(reverse("home"), {"page": 2}).context["page"].object_list) == 1


def test_coordinator_home_lists_departures_in_the_coming_8_weeks(english, coordinator):
    soon = MobilityFactory.create(departure_date=days(56))
    later = MobilityFactory.create(departure_date=days(57))
    english.force_login(coordinator)

    departures = list(english.get(reverse("home")).context["departures"])

    assert soon in departures and later not in departures


def test_coordinator_home_links_to_new_mobility_and_each_mobility(english, coordinator):
    mobility = MobilityFactory.create()
    english.force_login(coordinator)

    content = english.get(reverse("home")).content.decode()

    assert f'href="{reverse("mobilities:create")}">New mobility</a>' in content
    assert reverse("mobilities:detail", args=[mobility.public_id]) in content


# Supervisor and mentor


def test_supervisor_home_lists_only_own_mobilities(english, supervisor):
    own = MobilityFactory.create(supervisor=supervisor)
    other = MobilityFactory.create(supervisor=UserFactory.create(role=Role.SUPERVISOR))
    english.force_login(supervisor)

    response = english.get(reverse("home"))

    assert list(response.context["mobilities"]) == [own]
    content = response.content.decode()
    assert escape(own.student.full_name) in content
    assert other.student.full_name not in content


def test_supervisor_home_lists_overdue_mobilities_first(english, supervisor):
    on_time = MobilityFactory.create(supervisor=supervisor, departure_date=ON_TIME)
    overdue = MobilityFactory.create(supervisor=supervisor, departure_date=LATE)
    english.force_login(supervisor)

    response = english.get(reverse("home"))

    assert list(response.context["mobilities"]) == [overdue, on_time]
    assert "Overdue:" in response.content.decode()


def test_mentor_home_shows_the_step_and_next_item_of_a_mentee(english, mentor):
    mentee = StudentFactory.create(mentor=mentor)
    mobility = MobilityFactory.create(student=mentee, step=Step.DECISION, destination_city="Gent")
    english.force_login(mentor)

    content = english.get(reverse("home")).content.decode()

    assert reverse("mobilities:detail", args=[mobility.public_id]) in content
    assert "Gent</a>: 2. Decision" in content
    assert "Took part in information about going abroad" in content


def test_mentor_home_says_when_a_mentee_has_no_stay_in_progress(english, mentor):
    StudentFactory.create(mentor=mentor)
    english.force_login(mentor)

    content = english.get(reverse("home")).content.decode()

    assert "none in progress" in content


# Student


def test_student_home_marks_the_current_step(english, student):
    MobilityFactory.create(student=student.student, step=Step.PREPARATION)
    english.force_login(student)

    content = english.get(reverse("home")).content.decode()

    assert '<li class="is-current" aria-current="step">Preparation' in content
    assert content.count('aria-current="step"') == 1


def test_student_home_lists_only_own_open_items(english, student, other_student):
    mobility = MobilityFactory.create(student=student.student, departure_date=LATE)
    MobilityFactory.create(student=other_student.student, destination_city="Oslo")
    english.force_login(student)

    response = english.get(reverse("home"))

    to_do = response.context["to_do"]
    assert to_do and all("student" in item.owners for item in to_do)
    assert {item.mobility_id for item in to_do} == {mobility.pk}
    assert [item.due_date for item in to_do] == sorted(item.due_date for item in to_do)
    content = response.content.decode()
    assert f"#item-{to_do[0].public_id}" in content
    assert "Overdue:" in content
    assert "Oslo" not in content


def test_student_home_leaves_out_settled_items(english, student):
    mobility = MobilityFactory.create(student=student.student)
    mobility.items.update(status=ItemStatus.DONE)
    english.force_login(student)

    content = english.get(reverse("home")).content.decode()

    assert "Nothing to do for you right now." in content


def test_student_home_shows_the_nearest_departure_and_the_others(english, student):
    nearest = MobilityFactory.create(student=student.student, departure_date=days(30))
    later = MobilityFactory.create(
        student=student.student, departure_date=days(300), destination_city="Lyon"
    )
    english.force_login(student)

    response = english.get(reverse("home"))

    assert response.context["journey"] == nearest
    assert response.context["other_mobilities"] == [later]
    assert "My other stays abroad" in response.content.decode()


def test_student_home_without_a_mobility_says_the_coordinator_opens_one(english, student):
    english.force_login(student)

    content = english.get(reverse("home")).content.decode()

    assert "You have no stay abroad in progress." in content
    assert "What I must do next" not in content


def test_student_home_lists_own_documents_newest_first(english, student, other_student):
    mobility = MobilityFactory.create(student=student.student)
    other_mobility = MobilityFactory.create(student=other_student.student)
    uploads = [("visa.pdf", mobility), ("insurance.pdf", mobility), ("x.pdf", other_mobility)]
    for name, on in uploads:
        Document.objects.create(
            mobility=on, file="stored.pdf", original_name=name, content_type="application/pdf",
            size=10,
        )  # fmt: skip
    english.force_login(student)

    content = english.get(reverse("home")).content.decode()

    assert content.index("insurance.pdf") < content.index("visa.pdf")
    visa = Document.objects.get(original_name="visa.pdf")
    assert f'href="{reverse("documents:download", args=[visa.public_id])}"' in content
    assert "x.pdf" not in content


# Query counts: a longer list costs no more queries


def make_mobilities(count: int, *, supervisor, mentor) -> None:
    programme = ProgrammeFactory.create()
    for number in range(count):
        MobilityFactory.create(
            student=StudentFactory.create(mentor=mentor, programme=programme),
            supervisor=supervisor,
            destination_country=["ES", "IT", "FR"][number % 3],
            departure_date=days(20 + number * 7),
            step=number % 5 + 1,
        )


def queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["coordinator", "supervisor", "mentor"])
def test_home_queries_do_not_grow_with_the_mobilities(request, client, supervisor, mentor, role):
    client.force_login(request.getfixturevalue(role))
    make_mobilities(5, supervisor=supervisor, mentor=mentor)
    with_few = queries_for_home(client)

    make_mobilities(95, supervisor=supervisor, mentor=mentor)  # 100 in all
    with_many = queries_for_home(client)

    assert with_many == with_few
