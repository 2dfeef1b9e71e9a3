import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from tests.factories import UserFactory
from tests.whereabouts.helpers import DEPARTURE, RETURN, many_stays, stay
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.phrases import render
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.students.models import Student
from wegwijzer.whereabouts import queries, views
from wegwijzer.whereabouts.facts import CountryFacts

DAY = datetime.timedelta(days=1)


def listed_on(client, day: datetime.date, **filters: str) -> str:
    response = client.get(reverse("whereabouts:list"), {"day": day.isoformat(), **filters})
    assert response.status_code == 200
    return response.content.decode()


# Which days count


@pytest.mark.parametrize(
    ("day", "presence"),
    [
        (DEPARTURE - 15 * DAY, None),
        (DEPARTURE - 14 * DAY, queries.DEPARTING),
        (DEPARTURE - DAY, queries.DEPARTING),
        (DEPARTURE, queries.ABROAD),
        (RETURN, queries.ABROAD),
        (RETURN + DAY, None),
    ],
)
def test_on_day_counts_the_departure_and_return_day_as_abroad(db, day, presence):
    stay()

    found = [m.presence for m in queries.on_day(Mobility.objects.all(), day)]  # type: ignore[attr-defined]

    assert found == ([presence] if presence else [])


def test_on_day_lists_a_stay_that_left_early_once_as_abroad(db):
    # Left three days before the planned departure: abroad, and also "departing" by plan.
    stay(actual_departure_date=DEPARTURE - 3 * DAY)

    found = [m.presence for m in queries.on_day(Mobility.objects.all(), DEPARTURE - 2 * DAY)]  # type: ignore[attr-defined]

    assert found == [queries.ABROAD]


def test_on_day_never_lists_a_stay_whose_last_day_comes_before_its_first(db):
    # Recorded as leaving after the planned return: no day between, and (on PostgreSQL) no
    # range of days, which the index of the stays' days must take without refusing the write.
    stay(actual_departure_date=RETURN + 5 * DAY)

    for day in (RETURN, RETURN + 3 * DAY, RETURN + 5 * DAY):
        assert queries.on_day(Mobility.objects.all(), day).count() == 0


def test_on_day_takes_the_actual_return_over_the_planned_one(db):
    stay(actual_return_date=DEPARTURE + 9 * DAY, outcome=Outcome.BROKEN_OFF)

    assert queries.on_day(Mobility.objects.all(), DEPARTURE + 9 * DAY).count() == 1
    assert queries.on_day(Mobility.objects.all(), DEPARTURE + 10 * DAY).count() == 0


def test_on_day_leaves_out_stays_that_never_left(db):
    stay(outcome=Outcome.CANCELLED)
    stay(outcome=Outcome.NOT_GOING)
    completed = stay(outcome=Outcome.COMPLETED, actual_return_date=RETURN)

    assert list(queries.on_day(Mobility.objects.all(), DEPARTURE)) == [completed]


def test_on_day_leaves_out_students_whose_data_was_erased(db):
    erased = stay(outcome=Outcome.COMPLETED, actual_return_date=RETURN)
    Student.objects.filter(pk=erased.student_id).update(erased_at=timezone.now())

    assert queries.on_day(Mobility.objects.all(), DEPARTURE).count() == 0


# The page


def test_country_page_shows_everyone_there_with_their_contacts(english, coordinator):
    mobility = stay()
    english.force_login(coordinator)

    page = listed_on(english, DEPARTURE + 10 * DAY, country="ES")

    student = mobility.student
    for shown in [
        student.full_name, "+34 600 111 222", "sanne@student.example",
        "Calle de la Paz 12, 46003 Valencia", "Hotel Mar Azul", "Lucía Ortega",
        "lucia@marazul.example", "+34 961 000 111", "Zilveren Kruis", "ZK-4471-0923",
        "Ria de Boer (moeder): +31 6 87654321", "Spain", "Valencia", "abroad",
        "https://www.nederlandwereldwijd.nl/landen/spanje",
    ]:  # fmt: skip
        assert shown in page, shown
    # No supervisor and no travel advice yet: shown as gaps, not left out.
    assert "not filled in" in page
    assert "not known yet" in page


def test_list_is_for_today_unless_a_day_is_chosen(client, coordinator):
    today = timezone.localdate()
    stay(departure=today, back=today + 30 * DAY)
    client.force_login(coordinator)

    response = client.get(reverse("whereabouts:list"))

    assert response.context["choice"].day == today
    assert response.context["abroad"] == 1


def test_list_counts_each_country_by_name_and_names_nobody(english, coordinator):
    stay(country="ES", city="Valencia")
    stay(country="ES", city="Madrid")
    stay(country="ES", departure=DEPARTURE + 5 * DAY)
    germany = stay(country="DE", city="Berlin")
    english.force_login(coordinator)

    page = listed_on(english, DEPARTURE)

    countries = [page.index(f'id="country-{code}"') for code in ("DE", "ES")]
    assert countries == sorted(countries)
    assert (
        '<td data-label="Abroad">2</td>\n            <td data-label="Departing soon">1</td>' in page
    )
    assert f"?day={DEPARTURE.isoformat()}&amp;country=ES" in page
    assert germany.student.last_name not in page
    assert "+34 600 111 222" not in page


def test_country_page_groups_by_city(english, coordinator):
    stay(country="DE", city="Berlin")
    stay(country="ES", city="Valencia")
    stay(country="ES", city="Madrid")
    english.force_login(coordinator)

    page = listed_on(english, DEPARTURE, country="ES")

    headings = [
        page.index(heading)
        for heading in (
            '<h2 id="country-ES">Spain',
            '<h3 class="whereabouts__city">Madrid</h3>',
            '<h3 class="whereabouts__city">Valencia</h3>',
        )
    ]
    assert headings == sorted(headings)
    assert "Berlin" not in page


def test_country_page_shows_those_abroad_before_those_departing(english, coordinator):
    leaving = stay(departure=DEPARTURE + 3 * DAY)
    away = stay()
    english.force_login(coordinator)

    page = listed_on(english, DEPARTURE, country="ES")

    assert page.index(escape(away.student.full_name)) < page.index(
        escape(leaving.student.full_name)
    )


def test_list_filters_by_country(english, coordinator):
    spain, germany = stay(country="ES"), stay(country="DE", city="Berlin")
    english.force_login(coordinator)

    page = listed_on(english, DEPARTURE, country="DE")

    assert escape(germany.student.full_name) in page
    assert spain.student.full_name not in page


def test_list_filters_by_the_colour_the_country_facts_give(english, coordinator, monkeypatch):
    colours = {"ES": "orange", "DE": "green"}
    monkeypatch.setattr(
        queries,
        "country_facts",
        lambda codes: {code: CountryFacts(colour=colours.get(code)) for code in codes},
    )
    spain, germany = stay(country="ES"), stay(country="DE", city="Berlin")
    unknown = stay(country="IT", city="Roma")
    english.force_login(coordinator)

    orange = listed_on(english, DEPARTURE, colour="orange")
    not_known = listed_on(english, DEPARTURE, colour="unknown")
    spain_if_orange = listed_on(english, DEPARTURE, colour="orange", country="ES")
    spain_if_green = listed_on(english, DEPARTURE, colour="green", country="ES")

    assert 'id="country-ES"' in orange
    assert "orange: only essential travel" in orange
    assert 'id="country-DE"' not in orange
    assert 'id="country-IT"' in not_known
    assert 'id="country-ES"' not in not_known
    assert escape(spain.student.full_name) in spain_if_orange
    assert spain.student.full_name not in spain_if_green
    assert germany.student.full_name not in spain_if_orange
    assert unknown.student.full_name not in spain_if_orange


def test_list_is_in_dutch_by_default(client, coordinator):
    stay()
    client.force_login(coordinator)

    page = listed_on(client, DEPARTURE, country="ES")

    assert "Wie is waar" in page
    assert "Spanje" in page
    assert "niet ingevuld" in page


# Who may see it


def test_supervisor_sees_only_the_students_they_supervise(client, supervisor):
    own = stay(supervisor=supervisor)
    other = stay(supervisor=UserFactory.create(role=Role.SUPERVISOR))
    stay(supervisor=UserFactory.create(role=Role.SUPERVISOR), country="DE", city="Berlin")
    client.force_login(supervisor)

    overview = client.get(reverse("whereabouts:list"), {"day": DEPARTURE.isoformat()})
    page = listed_on(client, DEPARTURE, country="ES")

    assert [(c.code, c.count) for c in overview.context["countries"]] == [("ES", 1)]
    assert escape(own.student.full_name) in page
    assert other.student.full_name not in page


@pytest.mark.parametrize("role", ["mentor", "student"])
def test_mentors_and_students_are_refused(db, client, request, role):
    stay()
    client.force_login(request.getfixturevalue(role))

    for name in ("whereabouts:list", "whereabouts:csv", "whereabouts:xlsx"):
        assert client.get(reverse(name)).status_code == 403


def test_navigation_offers_the_list_to_coordinators_and_supervisors(english, request):
    for role, offered in [("coordinator", True), ("supervisor", True), ("mentor", False)]:
        english.force_login(request.getfixturevalue(role))
        page = english.get(reverse("home")).content.decode()
        assert (f'href="{reverse("whereabouts:list")}"' in page) is offered, role


# The audit trail


def test_each_view_leaves_one_entry_with_the_day_and_filters(client, coordinator):
    stay()
    stay()
    client.force_login(coordinator)

    listed_on(client, DEPARTURE, country="ES")

    entry = AuditEntry.objects.get(object_label="Who is where")
    assert entry.action == Action.VIEW
    assert entry.actor == coordinator
    # Stored as a phrase: each reader reads it in their own language.
    assert entry.note == "pagina: 2 mrt 2026, land ES, kleur alle, studenten in de lijst: 2"
    with translation.override("en"):
        assert render(entry.texts["note"]) == (
            "page: 2 Mar 2026, country ES, colour all, students listed: 2"
        )
    assert entry.mobility is None


# Cost


@pytest.mark.parametrize("count", [5, 50])
def test_list_costs_the_same_queries_for_few_and_many(
    client, coordinator, count, django_assert_num_queries
):
    many_stays(count, countries=("ES", "DE", "IT"))
    client.force_login(coordinator)

    # 5 and the header's unread count; the session, saved at login, is not written again
    with django_assert_num_queries(6):
        page = listed_on(client, DEPARTURE)

    assert page.count('id="country-') == 3


@pytest.mark.parametrize("count", [5, 50])
def test_country_page_costs_the_same_queries_for_few_and_many(
    client, coordinator, count, django_assert_num_queries
):
    many_stays(count, countries=("ES",), contacts=True)
    client.force_login(coordinator)

    # 7 (the country's count is the list's: not counted again) and the header's unread count;
    # the session, saved at login, is not written again
    with django_assert_num_queries(8):
        page = listed_on(client, DEPARTURE, country="ES")

    assert page.count("Ria de Boer") == count


def test_country_page_shows_the_students_a_page_at_a_time(client, coordinator):
    many_stays(60, countries=("ES",), contacts=True)
    client.force_login(coordinator)

    first = listed_on(client, DEPARTURE, country="ES")
    second = listed_on(client, DEPARTURE, country="ES", page="2")

    assert first.count("Ria de Boer") == views.PAGE_SIZE
    assert second.count("Ria de Boer") == 60 - views.PAGE_SIZE
    # The next page comes by htmx into the list, and as a plain link without JavaScript.
    assert 'hx-target="#whereabouts-people"' in first
    assert f'href="?day={DEPARTURE.isoformat()}&amp;country=ES&amp;page=2"' in first
    assert 'id="whereabouts-people"' in second
