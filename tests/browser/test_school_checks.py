"""A school check in the browser: the student hands in an item the coordinator checks, the
coordinator sends it back with a reason, the student reads it and hands it in again, and the
coordinator accepts it. The student's missing passport expiry date is noted on the way."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_mobility_journeys import (
    INSURANCE,
    a_coordinator,
    checklist_item,
    for_item,
    show_step,
)
from tests.factories import PASSWORD, MobilityFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.mobilities.models import ItemStatus

REASON = "De polis dekt geen aansprakelijkheid in het buitenland."


def open_item(page: Page, url: str, username: str):
    page.context.clear_cookies()
    log_in(page, url.split("/mobilities/")[0], username, PASSWORD)
    page.goto(url)
    show_step(page, "Voorbereiding")
    return checklist_item(page, INSURANCE)


def hand_in(page: Page, item, note: str) -> None:
    item.locator("summary", has_text="Afvinken").click()
    item.get_by_label("Notitie").fill(note)
    item.get_by_role("button", name=for_item("Afvinken", INSURANCE)).click()
    expect(item.locator(".status")).to_have_text("te controleren")


def test_coordinator_sends_an_item_back_and_accepts_it_when_handed_in_again(
    page: Page, live_server, default_checklist
):
    a_coordinator("checker")
    student = UserFactory.create(username="student-checks", first_name="Noor", role=Role.STUDENT)
    mobility = MobilityFactory.create(student=StudentFactory(user=student, first_name="Noor"))
    url = f"{live_server.url}/mobilities/{mobility.public_id}/"

    item = open_item(page, url, "student-checks")
    expect(page.get_by_text("De vervaldatum van het paspoort")).to_be_visible()
    hand_in(page, item, "Polis 2027-114")
    expect(item.get_by_text("Wacht op controle door de coördinator.")).to_be_visible()
    expect(item.get_by_role("button", name=for_item("Goedkeuren", INSURANCE))).to_have_count(0)
    assert_accessible(page)

    item = open_item(page, url, "checker")
    item.locator("summary", has_text="Terugsturen").click()
    item.get_by_label("Reden van terugsturen").fill(REASON)
    item.get_by_role("button", name=for_item("Terugsturen", INSURANCE)).click()
    expect(item.locator(".status")).to_have_text("te doen")
    expect(item.get_by_text(REASON)).to_be_visible()
    assert_accessible(page)

    item = open_item(page, url, "student-checks")
    expect(item.get_by_text("Teruggestuurd door de school:")).to_be_visible()
    expect(item.get_by_text(REASON)).to_be_visible()
    hand_in(page, item, "Polis 2027-114, met aansprakelijkheid")

    item = open_item(page, url, "checker")
    item.get_by_role("button", name=for_item("Goedkeuren", INSURANCE)).click()
    expect(item.locator(".status")).to_have_text("gedaan")
    expect(item.get_by_role("status")).to_have_text("“Verzekeringen geregeld” is goedgekeurd.")
    assert_accessible(page)
    stored = mobility.items.get(template_item__key="preparation-insurance")
    assert (stored.status, stored.returned_reason) == (ItemStatus.DONE, "")
