"""The school's wording in the browser: the preview follows what the coordinator types."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (  # noqa: F401 (the browser tests' fixtures)
    _live_server_one_request_at_a_time,
    assert_accessible,
    browser_type_launch_args,
    log_in,
    page,
)
from tests.factories import PASSWORD, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.notifications.models import MessageTemplate

pytestmark = pytest.mark.browser


def test_the_preview_follows_the_typing_and_the_wording_is_saved(
    page: Page,  # noqa: F811
    live_server,
):
    UserFactory.create(username="wording-coordinator", role=Role.COORDINATOR)
    log_in(page, live_server.url, "wording-coordinator", PASSWORD)
    page.goto(f"{live_server.url}/notifications/wording/")
    assert_accessible(page)

    page.get_by_role(
        "link", name="Wijzigen (Een student vraagt om hulp bij een veiligheidscontrole, Nederlands)"
    ).click()
    preview = page.locator("#wording-preview")
    expect(preview).to_contain_text("Sanne heeft hulp nodig")
    page.get_by_label("Bericht").fill("Bel {student} op {phone} <script>alert(1)</script>")
    expect(preview).to_contain_text("Bel Sanne op +34 612 345 678 <script>alert(1)</script>")
    page.get_by_label("Onderwerp").fill("Hulp: {leerling}")
    expect(preview).to_contain_text("Onbekende plaatshouder: {leerling}")
    assert_accessible(page)

    page.get_by_label("Onderwerp").fill("Hulp voor {student}")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("De eigen tekst van de school is opgeslagen.")).to_be_visible()
    stored = MessageTemplate.objects.get()
    assert (stored.subject, stored.language) == ("Hulp voor {student}", "nl")
    assert stored.body == "Bel {student} op {phone} <script>alert(1)</script>"
