"""A student abroad opens the link in their roll-call e-mail on a phone and answers "I need
help"; the coordinator's home page shows it at once, and an e-mail to the coordinator is in
the outbox. The coordinator marks it handled and it leaves the home page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_mobility_journeys import a_coordinator
from tests.care.helpers import abroad, tokens_by_address
from tests.factories import PASSWORD
from wegwijzer.care import services
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import OutboxMessage


@pytest.mark.usefixtures("default_checklist")
def test_a_call_for_help_reaches_the_coordinators_home_at_once(page: Page, live_server):
    coordinator = a_coordinator()
    abroad("ES", "Valencia", first_name="Sanne", last_name="Visser",
           email="sanne@example.org", phone="+34 600 000 001")  # fmt: skip
    services.start_roll_call(
        by=coordinator, countries=["ES"], message="Storm in Valencia. Ben je veilig?",
        reminder_hours=0, domain="testserver", use_https=False,
    )  # fmt: skip
    token = tokens_by_address()["sanne@example.org"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/safe/{token}/")
    expect(page.get_by_role("heading", name="Ben je veilig?")).to_be_visible()
    expect(page.get_by_role("link", name="+31 247 247 247")).to_have_attribute(
        "href", "tel:+31247247247"
    )
    page.get_by_label("Ik heb hulp nodig").check()
    page.get_by_label("Waar ben je nu").fill("Hostel Sol, Valencia")
    page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_role("heading", name="Dank je, je antwoord is binnen")).to_be_visible()
    expect(page.get_by_role("link", name="+31 247 247 247")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, coordinator.username, PASSWORD)
    panel = page.locator("section", has=page.get_by_role("heading", name="Nu aandacht nodig"))
    expect(panel).to_contain_text("1 student vraagt om hulp")
    expect(panel.get_by_role("link", name="Sanne Visser")).to_be_visible()
    expect(panel).to_contain_text("Hostel Sol, Valencia")
    expect(panel.get_by_role("link", name="+34 600 000 001")).to_have_attribute(
        "href", "tel:+34600000001"
    )
    assert_accessible(page)
    assert OutboxMessage.objects.filter(recipient=coordinator, kind=Kind.ROLL_CALL_HELP).exists()

    panel.get_by_role("button", name="Markeer als afgehandeld").click()
    done = "De hulpvraag van Sanne is als afgehandeld gemarkeerd."
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.get_by_text("vraagt om hulp")).to_have_count(0)
