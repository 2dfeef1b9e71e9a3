"""The notifications page in the browser: marking read swaps the item and the header's
count in place (htmx), marking all read the list; the settings and the outbox pages."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification, OutboxMessage, Status


def test_a_coordinator_reads_notifications_in_place_and_finds_the_outbox(page: Page, live_server):
    user = UserFactory.create(username="reader", first_name="Els", role=Role.COORDINATOR)
    for subject in ("Toestemming voor Sanne: gegeven", "Te controleren: Paspoort van Daan"):
        Notification.objects.create(
            user=user, kind=Kind.TO_CHECK, subject=subject, body="Hallo Els", url="/"
        )
    OutboxMessage.objects.create(
        recipient=user, to_email=user.email, kind=Kind.TO_CHECK, language="nl",
        subject="Te controleren", body="Hallo", status=Status.FAILED, attempts=6,
    )  # fmt: skip
    log_in(page, live_server.url, "reader", PASSWORD)

    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("2 ongelezen meldingen")
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    expect(page.get_by_text("Sommige e-mails konden niet worden verstuurd.")).to_be_visible()
    assert_accessible(page)
    page.evaluate("window.stillTheSamePage = true")

    # Chromium names a button with or without a space before its hidden part's colon.
    page.get_by_role(
        "button", name=re.compile("Als gelezen markeren ?: Te controleren: Paspoort van Daan")
    ).click()
    expect(bell).to_contain_text("1 ongelezen melding")
    expect(page.locator(".notification--unread")).to_have_count(1)
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(page.locator(".notification--unread")).to_have_count(0)
    expect(bell).not_to_contain_text("ongelezen")
    assert page.evaluate("window.stillTheSamePage") is True  # swapped, not reloaded
    assert not Notification.objects.filter(read_at=None).exists()

    page.get_by_role("link", name="Wat je ontvangt, en hoe").click()
    expect(page.get_by_role("group", name="Er wacht iets op je controle")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/notifications/outbox/")
    expect(
        page.get_by_role(
            "button", name=re.compile("Opnieuw proberen ?: Er wacht iets op je controle")
        )
    ).to_be_visible()
    assert_accessible(page)
