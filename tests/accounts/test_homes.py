import datetime
from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import (
    HostCompanyFactory,
    MobilityFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)
from wegwijzer.accounts.models import Role
from wegwijzer.documents.models import Document
from wegwijzer.hosts.models import HostCompany
from wegwijzer.mobilities import attention, queries, services
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import Checker, Owner, Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
# The default checklist starts 300 days before departure: a mobility departing later than
# that has nothing due for weeks. No item is due before its stay was created plus the
# grace period, so an overdue item is made by moving its due date (make_late).
ON_TIME = TODAY + datetime.timedelta(days=400)
LATE = TODAY + datetime.timedelta(days=120)


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


def make_late(mobility: Mobility, *keys: str) -> None:
    mobility.items.filter(template_item__key__in=keys).update(due_date=YESTERDAY)


def attention_of(mobilities, owner=Owner.COORDINATOR) -> dict:
    # Typed as Any: mypy's Django plugin knows the model's fields, not the annotations.
    annotated: Any = attention.with_attention(mobilities, owner, TODAY)
    return annotated.values(
        "mine_title", "mine_due", "mine_overdue", "others_title", "others_owners",
        "others_overdue", "is_overdue",
    ).get()  # fmt: skip


def listed_on_coordinator_home(client, **params) -> list[Mobility]:
    """The filters posted, as the form does; the list is then shown at the home address."""
    response = client.post(reverse("home"), params, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    return list(response.context["page"].object_list)


# The query helpers


def test_with_attention_gives_the_first_item_for_me_and_for_others(coordinator):
    mobility = MobilityFactory.create(departure_date=ON_TIME, step=Step.ORIENTATION)
    first = mobility.items.get(template_item__key="orientation-information")
    services.complete_item(first, by=coordinator, version=first.version, done_on=TODAY)

    annotated = attention_of(Mobility.objects.all())

    assert annotated["mine_title"] == "Programme conditions known"
    assert annotated["others_title"] == "Country chosen, with reasons"
    assert annotated["others_owners"] == ["student"]
    assert annotated["is_overdue"] is False


def test_with_attention_marks_a_mobility_with_a_late_required_item_overdue():
    mobility = MobilityFactory.create(step=Step.ORIENTATION)
    make_late(mobility, "orientation-information")

    annotated = attention_of(Mobility.objects.all())

    assert annotated["others_overdue"] is True and annotated["mine_overdue"] is False
    assert annotated["is_overdue"] is True


def test_with_attention_does_not_mark_a_late_optional_or_later_item_overdue():
    mobility = MobilityFactory.create(step=Step.ORIENTATION)
    make_late(mobility, "orientation-benefits", "orientation-alternatives", "decision-funding")

    annotated = attention_of(Mobility.objects.all())

    assert annotated["is_overdue"] is False
    assert annotated["mine_title"] == "Programme conditions known"


def test_with_attention_is_empty_when_nothing_is_open():
    mobility = MobilityFactory.create(departure_date=LATE)
    mobility.items.update(status=ItemStatus.DONE)

    annotated = attention_of(Mobility.objects.all())

    assert annotated["mine_title"] is None and annotated["others_title"] is None
    assert annotated["is_overdue"] is False


def test_step_counts_gives_every_step_in_one_query(django_assert_num_queries):
    MobilityFactory.create_batch(2, step=Step.PREPARATION)
    MobilityFactory.create(step=Step.ABROAD)

    with django_assert_num_queries(1):
        counts = queries.step_counts(Mobility.objects.all())

    assert [(count.step, count.count) for count in counts] == [
        (Step.ORIENTATION, 0), (Step.DECISION, 0), (Step.PREPARATION, 2),
        (Step.ABROAD, 1), (Step.BACK_HOME, 0),
    ]  # fmt: skip


def test_overview_gives_the_steps_and_the_countries_in_one_query(django_assert_num_queries):
    MobilityFactory.create(step=Step.PREPARATION, destination_country="ES")
    MobilityFactory.create(step=Step.PREPARATION, destination_country="DE")
    MobilityFactory.create(step=Step.ABROAD, destination_country="ES")

    with django_assert_num_queries(1):
        overview = queries.overview(Mobility.objects.all())

    # The same answers as the two questions asked one by one.
    assert overview.steps == queries.step_counts(Mobility.objects.all())
    assert [(count.step, count.count) for count in overview.steps] == [
        (Step.ORIENTATION, 0), (Step.DECISION, 0), (Step.PREPARATION, 2),
        (Step.ABROAD, 1), (Step.BACK_HOME, 0),
    ]  # fmt: skip
    # By name in Dutch: Duitsland before Spanje.
    assert overview.countries == [("DE", "Duitsland"), ("ES", "Spanje")]
    assert overview.countries == queries.destination_countries(Mobility.objects.all())


# Coordinator


def test_coordinator_home_lists_overdue_mobilities_first(english, coordinator):
    on_time = MobilityFactory.create(departure_date=ON_TIME)
    overdue = MobilityFactory.create(departure_date=LATE)
    make_late(overdue, "orientation-information")
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
    programme = ProgrammeFactory.create(name="Kok Patissier")
    wanted = MobilityFactory.create(
        student=StudentFactory.create(programme=programme),
        destination_country="IT",
        destination_city="Rome",
        supervisor=UserFactory.create(
            username="joris", first_name="Joris", last_name="Bakker", role=Role.SUPERVISOR
        ),
    )
    MobilityFactory.create(destination_country="IT", destination_city="Rome")
    MobilityFactory.create(student=StudentFactory.create(programme=programme))
    english.force_login(coordinator)

    listed = listed_on_coordinator_home(
        english, programme="patiss", country="IT", supervisor="jor bakk"
    )

    assert listed == [wanted]


def test_coordinator_home_finds_a_programme_by_its_qualification_code(english, coordinator):
    programme = ProgrammeFactory.create()
    wanted = MobilityFactory.create(student=StudentFactory.create(programme=programme))
    MobilityFactory.create()
    english.force_login(coordinator)

    listed = listed_on_coordinator_home(english, programme=programme.qualification_code)

    assert listed == [wanted]


def test_coordinator_home_types_the_programme_and_supervisor_instead_of_a_list(
    english, coordinator
):
    MobilityFactory.create(
        supervisor=UserFactory.create(first_name="Joris", last_name="Bakker", role="supervisor")
    )
    english.force_login(coordinator)

    content = english.get(reverse("home")).content.decode()

    assert 'type="search" name="programme"' in content
    assert 'type="search" name="supervisor"' in content
    assert "Bakker" not in content.split('id="mobility-list"')[0]


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


def test_coordinator_home_lists_the_first_ten_departures_and_counts_them_all(english, coordinator):
    soonest = [MobilityFactory.create(departure_date=days(1 + number)) for number in range(12)]
    english.force_login(coordinator)

    response = english.get(reverse("home"))

    assert list(response.context["departures"]) == soonest[:10]
    assert "12 students depart in the coming 8 weeks" in response.content.decode()


def test_coordinator_home_offers_the_school_years_from_first_to_last_departure(
    english, coordinator
):
    first_year = TODAY.year + 1
    MobilityFactory.create(departure_date=datetime.date(first_year, 9, 1))
    MobilityFactory.create(departure_date=datetime.date(first_year + 2, 3, 1))
    english.force_login(coordinator)

    form = english.get(reverse("home")).context["filters"]

    years = [value for value, _ in form.fields["school_year"].choices if value]
    assert years == [first_year + 1, first_year]


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

    assert list(response.context["page"].object_list) == [own]
    content = response.content.decode()
    assert escape(own.student.full_name) in content
    assert other.student.full_name not in content


def test_supervisor_home_lists_overdue_mobilities_first(english, supervisor):
    on_time = MobilityFactory.create(supervisor=supervisor, departure_date=ON_TIME)
    overdue = MobilityFactory.create(supervisor=supervisor, departure_date=LATE)
    make_late(overdue, "orientation-information")
    english.force_login(supervisor)

    response = english.get(reverse("home"))

    assert list(response.context["page"].object_list) == [overdue, on_time]
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
    make_late(mobility, "orientation-country-chosen")
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


# What asks for whose attention (mobilities.attention)


def to_check(mobility: Mobility, key: str, *, checker: str = Checker.COORDINATOR) -> None:
    mobility.items.filter(template_item__key=key).update(
        status=ItemStatus.TO_CHECK, checker=checker, done_on=YESTERDAY
    )


def test_coordinator_home_separates_waiting_for_me_from_waiting_for_others(client, coordinator):
    MobilityFactory.create(step=Step.ORIENTATION)
    client.force_login(coordinator)

    content = client.get(reverse("home")).content.decode()

    assert "Wacht op mij" in content and "Wacht op anderen" in content
    mine = content.index('data-label="Wacht op mij"')
    others = content.index('data-label="Wacht op anderen"')
    assert content.index("Voorwaarden van de opleiding bekend", mine) < others
    assert "Student:</span> Voorlichting over naar het buitenland gaan gevolgd" in content[others:]


def test_coordinator_home_shows_red_only_for_late_required_items_of_now(client, coordinator):
    calm = MobilityFactory.create(step=Step.ORIENTATION)
    make_late(calm, "orientation-benefits", "orientation-alternatives", "decision-funding")
    late = MobilityFactory.create(step=Step.DECISION)
    make_late(late, "decision-requirements")
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    assert list(response.context["page"].object_list) == [late, calm]
    content = response.content.decode()
    assert content.count("Te laat:") == 1
    assert content.count('class="is-overdue"') == 1
    assert 'Studieloopbaanbegeleider:</span> <strong class="overdue">Te laat:</strong>' in content


def test_coordinator_home_lists_the_items_to_check_with_a_link(client, coordinator):
    mobility = MobilityFactory.create(step=Step.PREPARATION)
    to_check(mobility, "preparation-housing")
    item = mobility.items.get(template_item__key="preparation-housing")
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    assert [listed.to_check_count for listed in response.context["page"]] == [1]
    content = response.content.decode()
    assert "1 punt dat een student heeft afgevinkt wacht op je controle" in content
    assert "1 punt te controleren</a>" in content  # in the stay's row, waiting for me
    link = reverse("mobilities:detail", args=[mobility.public_id]) + f"#item-{item.public_id}"
    assert f'href="{link}"' in content
    assert escape(mobility.student.full_name) in content


def test_coordinator_home_says_when_nothing_waits_for_a_check(client, coordinator):
    MobilityFactory.create(step=Step.PREPARATION)
    client.force_login(coordinator)

    content = client.get(reverse("home")).content.decode()

    assert "Er wacht niets op je controle." in content


def test_supervisor_home_lists_only_own_items_to_check(client, supervisor):
    own = MobilityFactory.create(step=Step.PREPARATION, supervisor=supervisor)
    to_check(own, "preparation-housing", checker=Checker.SUPERVISOR)
    to_check(own, "preparation-travel", checker=Checker.COORDINATOR)
    other = MobilityFactory.create(step=Step.PREPARATION)
    to_check(other, "preparation-language", checker=Checker.SUPERVISOR)
    client.force_login(supervisor)

    response = client.get(reverse("home"))

    assert [item.template_item.key for item in response.context["to_check"]] == [
        "preparation-housing"
    ]
    assert [listed.to_check_count for listed in response.context["mobilities"]] == [1]
    content = response.content.decode()
    assert "1 punt dat een student heeft afgevinkt wacht op je controle" in content
    assert escape(other.student.full_name) not in content


def test_supervisor_home_shows_what_waits_for_the_supervisor(client, supervisor):
    MobilityFactory.create(step=Step.ABROAD, supervisor=supervisor, departure_date=days(-5))
    client.force_login(supervisor)

    response = client.get(reverse("home"))

    (listed,) = response.context["mobilities"]
    assert "supervisor" not in (listed.others_owners or [])
    assert listed.mine_title == "Supervision agreements made"


def test_mentor_home_shows_the_mentors_item_apart_from_the_students(client, mentor):
    mentee = StudentFactory.create(mentor=mentor)
    MobilityFactory.create(student=mentee, step=Step.DECISION)
    client.force_login(mentor)

    content = client.get(reverse("home")).content.decode()

    others = content.index('data-label="Wacht op anderen"')
    assert content.index("Eisen van de opleiding gecontroleerd") < others
    assert "Student:</span>" in content[others:]


def test_student_home_lists_required_items_of_now_and_earlier_steps_only(client, student):
    mobility = MobilityFactory.create(student=student.student, step=Step.PREPARATION)
    client.force_login(student)

    response = client.get(reverse("home"))

    to_do = response.context["to_do"]
    assert len(to_do) == 5
    assert to_do[0].template_item.key == "orientation-information"  # step 1, still open
    assert all(item.required and item.step <= Step.PREPARATION for item in to_do)
    assert {item.step for item in response.context["coming_up"]} == {Step.ABROAD, Step.BACK_HOME}
    assert all(not item.required for item in response.context["suggestions"])
    content = response.content.decode()
    assert "Stap 3 van 5: <strong>Voorbereiding</strong>" in content
    assert "Te laat:" not in content
    more = mobility.items.filter(attention.to_do_now(), attention.owned_by("student")).count() - 5
    assert f"En nog {more} op mijn checklist." in content
    assert (
        content.index("Wat ik nu moet doen") < content.index("Straks") < content.index("Suggesties")
    )


def test_student_home_puts_an_item_sent_back_first_with_the_reason(client, student):
    mobility = MobilityFactory.create(student=student.student, step=Step.PREPARATION)
    mobility.items.filter(template_item__key="preparation-europass-cv").update(
        returned_reason="Je cv heeft geen foto."
    )
    client.force_login(student)

    response = client.get(reverse("home"))

    assert response.context["to_do"][0].template_item.key == "preparation-europass-cv"
    assert "Teruggestuurd door school:</strong> Je cv heeft geen foto." in response.content.decode()


def test_student_home_shows_an_item_to_check_as_waiting_not_as_work(client, student):
    mobility = MobilityFactory.create(student=student.student, step=Step.ORIENTATION)
    to_check(mobility, "orientation-country-chosen")
    client.force_login(student)

    response = client.get(reverse("home"))

    assert "orientation-country-chosen" not in {
        item.template_item.key for item in response.context["to_do"]
    }
    content = response.content.decode()
    waiting = content.index("Wacht op controle door school")
    assert content.index("Land gekozen, met redenen") > waiting


# Query counts: a longer list costs no more queries


def make_mobilities(count: int, *, supervisor, mentor) -> None:
    programme = ProgrammeFactory.create()
    for number in range(count):
        mobility = MobilityFactory.create(
            student=StudentFactory.create(mentor=mentor, programme=programme),
            supervisor=supervisor,
            destination_country=["ES", "IT", "FR"][number % 3],
            departure_date=days(20 + number * 7),
            step=number % 5 + 1,
        )
        # Some items wait for a check: the "to check" queue shows the first ten.
        to_check(mobility, "preparation-housing", checker=Checker.SUPERVISOR)


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


def test_student_home_queries_do_not_grow_with_the_items(client, student):
    client.force_login(student)
    mobility = MobilityFactory.create(student=student.student, step=Step.ORIENTATION)
    with_few = queries_for_home(client)

    # Step 3 of a stay outside Europe: more items to do now, to check, coming up, suggested.
    services.update_mobility(
        mobility, by=UserFactory.create(role=Role.COORDINATOR), version=None,
        changes={"destination_country": "US", "destination_city": "Boston"},
    )  # fmt: skip
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.PREPARATION)
    to_check(mobility, "preparation-housing")
    mobility.items.filter(template_item__key="preparation-travel").update(returned_reason="Nee")
    with_many = queries_for_home(client)

    assert with_many == with_few


ATTENTION = (
    "to_check_count", "mine_title", "mine_due", "mine_count", "mine_overdue",
    "others_title", "others_due", "others_owners", "others_count", "others_overdue",
    "is_overdue",
)  # fmt: skip


@pytest.mark.parametrize("owner", [Owner.COORDINATOR, Owner.SUPERVISOR, Owner.STUDENT])
def test_a_page_with_attention_tells_what_with_attention_annotates(owner, coordinator):
    """page_with_attention reads the page's items and tells them apart in Python: the same
    answers as with_attention's subqueries, on stays in every step: late, to check, done,
    all due on one day."""
    stays = [MobilityFactory.create(step=step) for step in Step]
    make_late(stays[0], "orientation-information", "orientation-benefits")
    make_late(stays[1], "decision-funding")
    to_check(stays[2], "orientation-information")
    to_check(stays[2], "decision-funding", checker=Checker.SUPERVISOR)
    stays[3].items.update(status=ItemStatus.DONE)
    stays[4].items.update(due_date=TODAY)  # one day: the checklist's order decides
    queue = ChecklistItem.objects.filter(status=ItemStatus.TO_CHECK, checker=Checker.COORDINATOR)
    pks = [stay.pk for stay in reversed(stays)]

    page = attention.page_with_attention(Paginator(pks, 10).page(1), owner, TODAY, queue)

    annotated: Any = attention.with_attention(Mobility.objects.all(), owner, TODAY, queue)
    expected = {row["pk"]: row for row in annotated.values("pk", *ATTENTION)}
    assert [stay.pk for stay in page.object_list] == pks
    for stay in page.object_list:
        assert {name: getattr(stay, name) for name in ATTENTION} == {
            name: expected[stay.pk][name] for name in ATTENTION
        }
    assert any(stay.mine_title for stay in page.object_list)
    assert any(stay.others_overdue for stay in page.object_list)
    assert any(stay.to_check_count for stay in page.object_list)


def test_coordinator_home_counts_the_countries_of_the_host_companies(client, coordinator):
    for country in ("ES", "ES", "IT", "DE"):
        HostCompanyFactory.create(country=country)
    client.force_login(coordinator)

    content = client.get(reverse("home")).content.decode()

    assert HostCompany.objects.count() == 4
    assert "<div><dt>Leerbedrijven</dt><dd>4</dd></div>" in content
    assert "<div><dt>Landen</dt><dd>3</dd></div>" in content


def test_coordinator_home_counts_the_students_up_to_the_lists_bound(
    client, coordinator, monkeypatch
):
    monkeypatch.setattr("wegwijzer.accounts.views.STUDENTS_COUNTED_UP_TO", 4)
    StudentFactory.create_batch(4)
    # As on the students list, a student whose data was erased is not counted.
    StudentFactory.create(erased_at=timezone.now())
    client.force_login(coordinator)
    exactly = client.get(reverse("home")).content.decode()

    StudentFactory.create()
    more = client.get(reverse("home")).content.decode()

    assert "<div><dt>Studenten</dt><dd>4</dd></div>" in exactly
    assert "<div><dt>Studenten</dt><dd>meer dan 4</dd></div>" in more
