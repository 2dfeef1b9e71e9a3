"""Every long list is paged the same way (core.pagination.page_of, core/_pagination.html):
its cost does not grow with its rows, page 2 starts where page 1 stopped, the page links
keep the filters and carry the htmx attributes that swap only the list."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_countries import countries as all_countries

from tests.contacts.helpers import abroad as abroad_with_contacts
from tests.contacts.helpers import log as log_contact
from tests.factories import (
    HostCompanyFactory,
    MobilityFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)
from wegwijzer import access
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.care.models import Incident, Kind, RollCall, RollCallEntry, Severity
from wegwijzer.experiences.models import Ambassador
from wegwijzer.hosts.models import HostCompany, HostReview
from wegwijzer.mobilities.models import Mobility
from wegwijzer.students.models import Student
from wegwijzer.travel.models import AdviceChange, Colour, Country, Source

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@dataclass
class Scene:
    """What a list's rows hang on (a host, a stay, a country), made once per test."""

    viewer: Any
    things: dict[str, Any]

    def get(self, name: str, make: Callable[[], Any]) -> Any:
        if name not in self.things:
            self.things[name] = make()
        return self.things[name]


@dataclass
class ListCase:
    """A paged list: how to add rows, its address, the rows it should show in order and
    the rows a response shows."""

    viewer: str
    list_id: str
    per_page: int
    param: str
    add: Callable[[Scene, int], str]  # adds rows, returns the list's address
    expected: Callable[[Scene], list[Any]]
    shown: Callable[[Any], list[Any]]


def page_rows(response: Any) -> list[Any]:
    return list(response.context["page"].object_list)


# Students, host companies, accounts


def add_students(scene: Scene, count: int) -> str:
    StudentFactory.create_batch(count, programme=scene.get("programme", ProgrammeFactory.create))
    return reverse("students:list")


def add_hosts(scene: Scene, count: int) -> str:
    HostCompanyFactory.create_batch(count)
    return reverse("hosts:list")


def add_host_stays(scene: Scene, count: int) -> str:
    host = scene.get("host", HostCompanyFactory.create)
    MobilityFactory.create_batch(count, host_company=host)
    return reverse("hosts:detail", args=[host.public_id])


def add_host_reviews(scene: Scene, count: int) -> str:
    host = scene.get("host", HostCompanyFactory.create)
    for mobility in MobilityFactory.create_batch(count, host_company=host):
        HostReview.objects.create(mobility=mobility, host=host, rating=4, recommends=True)
    return reverse("hosts:detail", args=[host.public_id])


def add_accounts(scene: Scene, count: int) -> str:
    UserFactory.create_batch(count, role=Role.MENTOR)
    return reverse("users:list")


# Care: incidents, roll calls and a roll call's board


def add_incidents(scene: Scene, count: int) -> str:
    mobility = scene.get("mobility", MobilityFactory.create)
    Incident.objects.bulk_create(
        Incident(
            mobility=mobility,
            kind=Kind.ILLNESS,
            severity=Severity.MINOR,
            occurred_on=TODAY - datetime.timedelta(days=number),
            description="Griep",
        )
        for number in range(count)
    )
    return reverse("care:incidents")


def add_roll_calls(scene: Scene, count: int) -> str:
    for number in range(count):
        RollCall.objects.create(message=f"Roll call {number}", started_by=scene.viewer)
    return reverse("care:roll-calls")


def add_board_entries(scene: Scene, count: int) -> str:
    roll_call = scene.get(
        "roll_call", lambda: RollCall.objects.create(message="Storm", started_by=scene.viewer)
    )
    for mobility in MobilityFactory.create_batch(count):
        RollCallEntry.objects.create(roll_call=roll_call, mobility=mobility)
    return reverse("care:roll-call", args=[roll_call.public_id])


def board_entries(scene: Scene) -> list[Any]:
    entries = scene.things["roll_call"].entries.filter(answer="")
    names = ("mobility__student__last_name", "mobility__student__first_name", "pk")
    return list(entries.order_by(*names))


def waiting_group(response: Any) -> list[Any]:
    (waiting,) = [g for g in response.context["groups"] if g["name"] == "waiting"]
    return list(waiting["page"].object_list)


# A stay's contact log, the ambassador pool


def add_contacts(scene: Scene, count: int) -> str:
    mobility = scene.get("mobility", lambda: abroad_with_contacts(departed_days_ago=200))
    known = mobility.contact_entries.count()
    for number in range(known, known + count):
        log_contact(mobility, scene.viewer, days_ago=number)
    return reverse("contacts:log", args=[mobility.public_id])


def add_ambassadors(scene: Scene, count: int) -> str:
    for mobility in MobilityFactory.create_batch(count):
        Ambassador.objects.create(mobility=mobility, contact="Mail me")
    return reverse("experiences:pool")


# Travel advice: the countries, a country's stays and its colour changes


def add_countries(scene: Scene, count: int) -> str:
    known = Country.objects.count()
    Country.objects.bulk_create(
        Country(code=code, official_colour=Colour.GREEN, worst_colour=Colour.GREEN)
        for code, _name in list(all_countries)[known : known + count]
    )
    return reverse("travel:list")


def spain(scene: Scene) -> Country:
    return scene.get("country", lambda: Country.objects.create(code="ES", official_colour=1))


def add_country_stays(scene: Scene, count: int) -> str:
    MobilityFactory.create_batch(count, destination_country=spain(scene).code)
    return reverse("travel:country", args=["ES"])


def add_colour_changes(scene: Scene, count: int) -> str:
    AdviceChange.objects.bulk_create(
        AdviceChange(country=spain(scene), source=Source.OFFICIAL, reason=f"Change {number}")
        for number in range(count)
    )
    return reverse("travel:country", args=["ES"])


# The history of a student


def add_history(scene: Scene, count: int) -> str:
    student = scene.get("student", StudentFactory.create)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor_label="Sanne",
            action=Action.CHANGE,
            object_type="students.student",
            object_id=str(student.public_id),
            student=student,
            note=f"Change {number}",
        )
        for number in range(count)
    )
    return reverse("students:detail", args=[student.public_id])


def add_stay_history(scene: Scene, count: int) -> str:
    mobility = scene.get("mobility", MobilityFactory.create)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor_label="Sanne",
            action=Action.CHANGE,
            object_type="mobilities.mobility",
            object_id=str(mobility.public_id),
            mobility=mobility,
            note=f"Change {number}",
        )
        for number in range(count)
    )
    return reverse("mobilities:detail", args=[mobility.public_id])


LISTS = {
    "students": ListCase(
        "coordinator", "student-list", 25, "page", add_students,
        lambda scene: list(Student.objects.order_by("last_name", "first_name", "pk")),
        page_rows,
    ),
    "host companies": ListCase(
        "coordinator", "host-list", 25, "page", add_hosts,
        lambda scene: list(HostCompany.objects.order_by("name", "pk")),
        page_rows,
    ),
    "a host's stays": ListCase(
        "coordinator", "host-stays", 20, "page", add_host_stays,
        lambda scene: list(
            Mobility.objects.filter(host_company=scene.things["host"]).order_by(
                "-departure_date", "-pk"
            )
        ),
        lambda response: list(response.context["stays"].object_list),
    ),
    "a host's reviews": ListCase(
        "coordinator", "host-reviews", 20, "reviews", add_host_reviews,
        lambda scene: list(HostReview.objects.filter(host=scene.things["host"])),
        lambda response: list(response.context["reviews"].object_list),
    ),
    "accounts": ListCase(
        "coordinator", "account-list", 25, "page", add_accounts,
        lambda scene: list(
            access.visible_accounts(scene.viewer).order_by("last_name", "first_name", "pk")
        ),
        page_rows,
    ),
    "incidents": ListCase(
        "coordinator", "incident-list", 25, "page", add_incidents,
        lambda scene: list(Incident.objects.order_by("-occurred_on", "-pk")),
        page_rows,
    ),
    "roll calls": ListCase(
        "coordinator", "roll-call-list", 25, "page", add_roll_calls,
        lambda scene: list(RollCall.objects.all()),
        lambda response: [roll_call for roll_call, _counts in response.context["rows"]],
    ),
    "a roll call's board": ListCase(
        "coordinator", "roll-call-status", 50, "waiting_page", add_board_entries,
        board_entries, waiting_group,
    ),
    "contact log": ListCase(
        "coordinator", "contact-entries", 20, "page", add_contacts,
        lambda scene: list(scene.things["mobility"].contact_entries.all()),
        page_rows,
    ),
    "ambassadors": ListCase(
        "student", "ambassador-list", 20, "page", add_ambassadors,
        lambda scene: list(Ambassador.objects.order_by("-created_at", "-pk")),
        page_rows,
    ),
    "countries": ListCase(
        "coordinator", "country-list", 50, "page", add_countries,
        lambda scene: sorted(Country.objects.all(), key=lambda c: str(c.code.name)),
        page_rows,
    ),
    "a country's stays": ListCase(
        "coordinator", "country-stays", 25, "stays", add_country_stays,
        lambda scene: list(
            Mobility.objects.filter(destination_country="ES").order_by(
                "student__last_name", "student__first_name", "pk"
            )
        ),
        lambda response: list(response.context["mobilities"].object_list),
    ),
    "a country's colour changes": ListCase(
        "coordinator", "country-changes", 25, "changes", add_colour_changes,
        lambda scene: list(AdviceChange.objects.all()),
        lambda response: list(response.context["changes"].object_list),
    ),
    "a student's history": ListCase(
        "coordinator", "history-list", 50, "history", add_history,
        lambda scene: list(AuditEntry.objects.filter(student=scene.things["student"])),
        lambda response: [row.entry for row in response.context["history"]],
    ),
    "a stay's history": ListCase(
        "coordinator", "history-list", 10, "history", add_stay_history,
        lambda scene: list(AuditEntry.objects.filter(mobility=scene.things["mobility"])),
        lambda response: [row.entry for row in response.context["history"]],
    ),
}  # fmt: skip


@pytest.fixture(params=list(LISTS), ids=list(LISTS))
def case(request) -> tuple[ListCase, Scene, Any]:
    listed = LISTS[request.param]
    viewer = request.getfixturevalue(listed.viewer)
    client = request.getfixturevalue("client")
    client.force_login(viewer)
    return listed, Scene(viewer, {}), client


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_a_list_costs_the_same_queries_with_5_and_with_50_rows(case):
    listed, scene, client = case
    url = listed.add(scene, 5)
    few = count_queries(client, url)

    listed.add(scene, 45)
    many = count_queries(client, url)

    assert len(listed.expected(scene)) >= 50
    assert few == many


def test_the_second_page_starts_with_the_row_after_the_first_page(case):
    listed, scene, client = case
    url = listed.add(scene, listed.per_page + 2)

    first = client.get(url)
    second = client.get(url, {listed.param: 2})

    expected = listed.expected(scene)
    assert listed.shown(first) == expected[: listed.per_page]
    assert listed.shown(second)[0] == expected[listed.per_page]


def test_the_page_link_swaps_only_the_list_with_htmx(case):
    listed, scene, client = case
    url = listed.add(scene, listed.per_page + 1)

    content = client.get(url).content.decode()

    assert f'id="{listed.list_id}"' in content
    # The list's own next link (a page may have more lists, each with its own parameter).
    next_link = content[content.index(f'<a href="?{listed.param}=2" rel="next"') :]
    next_link = next_link.split(">", 1)[0]
    assert f'data-hx-get="?{listed.param}=2"' in next_link
    assert f'data-hx-target="#{listed.list_id}"' in next_link
    assert f'data-hx-select="#{listed.list_id}"' in next_link
    assert "data-hx-push-url" in next_link


# Filters survive paging


def test_the_incident_filter_is_kept_in_the_page_links(client, coordinator):
    mobility = MobilityFactory.create()
    Incident.objects.bulk_create(
        Incident(
            mobility=mobility,
            kind=Kind.ILLNESS,
            severity=Severity.MINOR,
            occurred_on=TODAY,
            description="Griep",
            follow_up_on=TODAY + datetime.timedelta(days=number),
        )
        for number in range(27)
    )
    Incident.objects.create(
        mobility=mobility, kind=Kind.ILLNESS, severity=Severity.MINOR, occurred_on=TODAY,
        description="Zonder vervolg",
    )  # fmt: skip
    client.force_login(coordinator)

    first = client.get(reverse("care:incidents"), {"follow_up": "open"})
    second = client.get(reverse("care:incidents"), {"follow_up": "open", "page": 2})

    assert 'href="?follow_up=open&amp;page=2"' in first.content.decode()
    assert second.context["page"].paginator.count == 27
    assert [i.follow_up_on for i in second.context["page"]] == [
        TODAY + datetime.timedelta(days=number) for number in (25, 26)
    ]


def test_the_ambassador_filter_is_kept_in_the_page_links(client, student):
    cooks = ProgrammeFactory.create(name="Kok")
    for mobility in MobilityFactory.create_batch(22, student__programme=cooks):
        Ambassador.objects.create(mobility=mobility, contact="Mail me")
    Ambassador.objects.create(mobility=MobilityFactory.create(), contact="Mail me")
    client.force_login(student)

    first = client.get(reverse("experiences:pool"), {"programme": "kok"})
    second = client.get(reverse("experiences:pool"), {"programme": "kok", "page": 2})

    assert 'href="?programme=kok&amp;page=2"' in first.content.decode()
    assert second.context["page"].paginator.count == 22
    assert len(second.context["page"].object_list) == 2


def test_paging_one_group_of_a_roll_call_keeps_the_others_page(client, coordinator):
    roll_call = RollCall.objects.create(message="Storm", started_by=coordinator)
    for mobility in MobilityFactory.create_batch(52):
        RollCallEntry.objects.create(roll_call=roll_call, mobility=mobility)
    client.force_login(coordinator)
    url = reverse("care:roll-call", args=[roll_call.public_id])

    content = client.get(url, {"waiting_page": 2, "safe_page": 1}).content.decode()

    # The board's figures are counted in SQL, not from the page shown.
    assert "Nog geen antwoord (52)" in content
    assert 'href="?waiting_page=1&amp;safe_page=1"' in content
    # The poll fetches the board with the pages the address names.
    assert f'data-hx-get="{url}?waiting_page=2&amp;safe_page=1"' in content
