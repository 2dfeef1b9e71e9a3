"""A call for help stays on the home pages of the coordinators and of the stay's supervisor
until someone marks it handled; the panel "Needs attention now" also shows roll calls with
students not answering, open incidents and late follow-ups. The answer page shows the
numbers to call."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.care.helpers import abroad, start, tokens_by_address
from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import AuditEntry
from wegwijzer.care import services
from wegwijzer.care.models import Incident
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PANEL = "Nu aandacht nodig"


@pytest.fixture
def other_supervisor(db):
    return UserFactory.create(username="other-supervisor", role=Role.SUPERVISOR)


@pytest.fixture
def scene(coordinator, supervisor, django_capture_on_commit_callbacks):
    """Sanne (supervised by `supervisor`) answered "I need help"; Bram has not answered."""
    sanne = abroad("ES", "Valencia", first_name="Sanne", last_name="Visser",
                   email="sanne@example.org", phone="+34 600 000 001")  # fmt: skip
    bram = abroad("ES", "Madrid", first_name="Bram", last_name="Bakker", email="bram@example.org")
    Mobility.objects.filter(pk__in=[sanne.pk, bram.pk]).update(supervisor=supervisor)
    roll_call = start(coordinator, django_capture_on_commit_callbacks, countries=["ES"])
    entry = roll_call.entries.get(mobility=sanne)
    services.record_answer(entry, answer="help", location="Hostel Sol", message="Pas kwijt")
    entry.refresh_from_db()
    return entry


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def handled(client, user, entry, **data):
    client.force_login(user)
    return client.post(reverse("care:help-handled", args=[entry.public_id]), data)


def test_a_call_for_help_stays_on_the_coordinators_home_until_handled(client, coordinator, scene):
    content = home(client, coordinator)
    assert PANEL in content
    assert "1 student vraagt om hulp" in content
    assert "Sanne Visser" in content and 'href="tel:+34600000001"' in content
    assert "Hostel Sol" in content and "Pas kwijt" in content
    assert "1 student heeft nog niet geantwoord" in content

    response = handled(client, coordinator, scene)

    assert response.status_code == 302
    scene.refresh_from_db()
    assert scene.handled_by == coordinator and scene.handled_at is not None
    content = home(client, coordinator)
    assert "vraagt om hulp" not in content
    assert "De hulpvraag van Sanne is als afgehandeld gemarkeerd." in content
    entry = AuditEntry.objects.filter(object_type="care.rollcallentry").latest("pk")
    assert (entry.actor, entry.mobility) == (coordinator, scene.mobility)
    assert "handled_at" in entry.changes


def test_the_stays_supervisor_sees_it_and_may_mark_it_handled(client, supervisor, scene):
    assert "Sanne Visser" in home(client, supervisor)

    handled(client, supervisor, scene)

    scene.refresh_from_db()
    assert scene.handled_by == supervisor


def test_a_supervisor_of_another_stay_neither_sees_nor_handles_it(
    client, other_supervisor, mentor, scene
):
    assert "Sanne" not in home(client, other_supervisor)
    assert PANEL not in home(client, other_supervisor)

    assert handled(client, other_supervisor, scene).status_code == 404
    assert handled(client, mentor, scene).status_code == 404

    scene.refresh_from_db()
    assert scene.handled_at is None
    assert not AuditEntry.objects.filter(actor=other_supervisor).exists()


def test_a_coordinator_may_undo_handled_a_supervisor_may_not(
    client, coordinator, supervisor, scene
):
    handled(client, supervisor, scene)

    assert handled(client, supervisor, scene, undo="1").status_code == 403
    scene.refresh_from_db()
    assert scene.handled_at is not None

    handled(client, coordinator, scene, undo="1")

    scene.refresh_from_db()
    assert scene.handled_at is None and scene.handled_by is None
    assert "Sanne Visser" in home(client, coordinator)


def test_handling_twice_says_so_and_changes_nothing(client, coordinator, supervisor, scene):
    handled(client, supervisor, scene)
    audited = AuditEntry.objects.count()

    response = handled(client, coordinator, scene)

    scene.refresh_from_db()
    assert scene.handled_by == supervisor
    assert AuditEntry.objects.count() == audited
    client.force_login(coordinator)
    page = client.get(response.url).content.decode()
    assert "Deze hulpvraag is al afgehandeld." in page


def test_a_new_call_for_help_after_handling_shows_again(client, coordinator, scene):
    handled(client, coordinator, scene)

    services.record_answer(scene, answer="help", location="Ziekenhuis")

    assert "Ziekenhuis" in home(client, coordinator)


def test_the_roll_call_page_offers_handled_and_goes_back_there(client, coordinator, scene):
    client.force_login(coordinator)
    url = reverse("care:roll-call", args=[scene.roll_call.public_id])
    assert "Markeer als afgehandeld" in client.get(url).content.decode()

    response = handled(client, coordinator, scene, next="roll-call")

    assert response.url == url
    assert "afgehandeld door" in client.get(url).content.decode()


def test_the_answer_page_shows_the_schools_and_the_ministrys_numbers(
    client, settings, coordinator, django_capture_on_commit_callbacks
):
    settings.SCHOOL_EMERGENCY_PHONE = "+31 30 123 4567"
    abroad("ES", "Valencia", email="sanne@example.org")
    start(coordinator, django_capture_on_commit_callbacks, countries=["ES"])
    url = reverse("care:answer", args=[tokens_by_address()["sanne@example.org"]])

    form = client.get(url).content.decode()
    thanks = client.post(url, {"answer": "help"}).content.decode()

    for content in (form, thanks):
        assert 'href="tel:+31301234567">+31 30 123 4567</a>' in content
        assert 'href="tel:+31247247247">+31 247 247 247</a>' in content
        assert "Ministerie van Buitenlandse Zaken" in content


# Incidents and follow-ups


def incident(mobility, *, follow_up_on=None, **facts):
    return Incident.objects.create(
        mobility=mobility, kind="illness", severity="minor", occurred_on=TODAY,
        description="Koorts", follow_up_on=follow_up_on, **facts,
    )  # fmt: skip


def test_open_incidents_and_late_follow_ups_show_for_whom_may_see_them(
    client, coordinator, supervisor, other_supervisor
):
    mine = abroad("PT", "Lisbon", first_name="Daan", last_name="Smit")
    Mobility.objects.filter(pk=mine.pk).update(supervisor=supervisor)
    incident(mine, follow_up_on=TODAY - datetime.timedelta(days=2))
    incident(mine, follow_up_done=True)  # done: not open

    content = home(client, supervisor)
    assert "1 open incident" in content
    assert "1 opvolging over de datum" in content
    assert "Daan Smit" in content
    assert PANEL not in home(client, other_supervisor)
    assert "1 open incident" in home(client, coordinator)


def test_the_panel_is_absent_when_nothing_needs_attention(client, coordinator, supervisor):
    abroad()
    assert PANEL not in home(client, coordinator)
    assert PANEL not in home(client, supervisor)


def test_the_home_page_queries_stay_flat_as_calls_and_incidents_grow(
    client, coordinator, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    def grow(count):
        for _ in range(count):
            mobility = abroad(email="")
            incident(mobility, follow_up_on=TODAY - datetime.timedelta(days=1))
        roll_call = start(coordinator, django_capture_on_commit_callbacks)
        for entry in roll_call.entries.all()[: count - 1]:
            services.record_answer(entry, answer="help", message="Hulp")

    client.force_login(coordinator)
    grow(2)
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("home"))
    grow(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(reverse("home")).content.decode()
    assert "De laatste 10 van 12 staan hier." in content
