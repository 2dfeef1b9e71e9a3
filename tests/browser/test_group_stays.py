"""A coordinator makes a class exchange, adds a class of three and sees them on the group."""

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.mobilities.models import Mobility


def test_coordinator_makes_a_class_exchange_and_adds_a_class(
    page: Page, live_server, default_checklist
):
    departure = timezone.localdate() + datetime.timedelta(days=60)
    UserFactory.create(username="coordinator-browser", role=Role.COORDINATOR)
    UserFactory.create(
        username="supervisor-browser", role=Role.SUPERVISOR, first_name="Joris",
        last_name="van Dijk",
    )  # fmt: skip
    names = ["Anna Bakker", "Bram de Wit", "Cem Kaya"]
    for name in names:
        first, last = name.split(" ", 1)
        StudentFactory.create(first_name=first, last_name=last, class_name="VZ3A")
    log_in(page, live_server.url, "coordinator-browser", password=PASSWORD)

    page.get_by_role("link", name="Studenten", exact=True).click()
    page.get_by_role("link", name="Groepsreizen").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe groepsreis").click()
    page.get_by_label("Naam").fill("Uitwisseling Lyon VZ3A")
    page.get_by_label("Land van bestemming").select_option(label="Frankrijk")
    page.get_by_label("Plaats van bestemming").fill("Lyon")
    page.get_by_label("Geplande vertrekdatum").fill(departure.isoformat())
    page.get_by_label("Geplande terugkeerdatum").fill(
        (departure + datetime.timedelta(days=6)).isoformat()
    )
    page.get_by_label("Joris van Dijk").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Studenten aan de groep toevoegen")
    page.get_by_label("Of een hele klas").fill("VZ3A")
    assert_accessible(page)
    page.get_by_role("button", name="Aan de groep toevoegen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Uitwisseling Lyon VZ3A")
    table = page.get_by_role("table")
    for name in names:
        expect(table.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert_accessible(page)
    assert Mobility.objects.filter(group__name="Uitwisseling Lyon VZ3A").count() == 3

    page.get_by_role("link", name="Noodlijst van de groep").click()
    for name in names:
        expect(page.get_by_role("cell", name=name)).to_be_visible()
    assert_accessible(page)
