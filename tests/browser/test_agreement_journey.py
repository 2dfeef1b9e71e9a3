"""The placement agreement of an under-18 student, sent and signed by all four parties in
the browser: the student logged in, the guardian and the host company through their links
(the host's page in English), the school last; the signed PDF then downloads."""

import re
from pathlib import Path

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.agreements.signing_helpers import ready_stay
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, UserFactory
from tests.links.helpers import token_in
from wegwijzer.accounts.models import Role
from wegwijzer.agreements.models import Agreement, AgreementState


def sign_in(page: Page, base_url: str, username: str) -> None:
    log_in(page, base_url, username, PASSWORD)
    expect(page.get_by_label("Wachtwoord")).to_have_count(0)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()


def sign_on_the_page(page: Page, name: str, *, english: bool = False) -> None:
    if english:
        page.get_by_label("Your full name").fill(name)
        page.get_by_label("I have read the agreement and I agree to it.").check()
        page.get_by_role("button", name="Sign the agreement").click()
    else:
        page.get_by_label("Je volledige naam").fill(name)
        page.get_by_label("Ik heb de overeenkomst gelezen en ik ga ermee akkoord.").check()
        page.get_by_role("button", name="De overeenkomst ondertekenen").click()


def test_a_placement_agreement_for_a_minor_is_signed_by_everyone(
    page: Page, live_server, default_checklist, tmp_path: Path
):
    UserFactory.create(username="coordinator-browser", role=Role.COORDINATOR,
                       first_name="Els", last_name="Bakker")  # fmt: skip
    mobility = ready_stay(age=17)
    student = mobility.student
    assert student.user is not None
    student.user.username = "student-browser"
    student.user.save()
    detail = live_server.url + reverse("mobilities:detail", args=[mobility.public_id])
    mail.outbox.clear()

    # The coordinator sends the placement agreement.
    sign_in(page, live_server.url, "coordinator-browser")
    page.goto(detail)
    section = page.get_by_role("region", name="Overeenkomsten")
    section.get_by_role(
        "button", name=re.compile(r"^Versturen ter ondertekening\s*: Praktijkovereenkomst$")
    ).click()
    expect(page.get_by_text("Versie 1 van de Praktijkovereenkomst is verstuurd")).to_be_visible()
    assert_accessible(page)
    log_out(page)
    tokens = {message.to[0]: token_in(message.body) for message in mail.outbox}

    # The guardian signs through the link, in Dutch.
    page.goto(live_server.url + reverse("links:open", args=[tokens["anna@example.org"]]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ondertekenen: Praktijkovereenkomst, versie 1"
    )
    assert_accessible(page)
    sign_on_the_page(page, "Anna de Vries")
    expect(page.get_by_text("Je hebt de Praktijkovereenkomst ondertekend.")).to_be_visible()

    # The host company signs through its link, in English.
    page.goto(live_server.url + reverse("links:open", args=[tokens["carmen@example.es"]]))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign: Placement agreement, version 1"
    )
    assert_accessible(page)
    sign_on_the_page(page, "Carmen Ruiz", english=True)
    expect(page.get_by_text("You have signed the Placement agreement.")).to_be_visible()

    # The student signs logged in, from the stay's page.
    sign_in(page, live_server.url, "student-browser")
    page.goto(detail)
    page.get_by_role("region", name="Overeenkomsten").get_by_role(
        "link", name=re.compile(r"^Ondertekenen\s*: Praktijkovereenkomst$")
    ).click()
    sign_on_the_page(page, student.full_name)
    expect(page.get_by_text("Ondertekend. Dank je wel.")).to_be_visible()
    log_out(page)

    # The school signs last; the agreement is complete and its signed PDF downloads.
    sign_in(page, live_server.url, "coordinator-browser")
    page.goto(detail)
    page.get_by_role("region", name="Overeenkomsten").get_by_role(
        "link", name=re.compile(r"^Ondertekenen\s*: Praktijkovereenkomst$")
    ).click()
    assert_accessible(page)
    sign_on_the_page(page, "Els Bakker")
    section = page.get_by_role("region", name="Overeenkomsten")
    expect(section.get_by_text("Door iedereen ondertekend")).to_be_visible()
    with page.expect_download() as download:
        section.get_by_role("link", name="De ondertekende overeenkomst downloaden (pdf)").click()
    path = tmp_path / "signed.pdf"
    download.value.save_as(path)

    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    for name in ("Anna de Vries", "Carmen Ruiz", student.full_name, "Els Bakker"):
        assert name in text
    agreement = Agreement.objects.get()
    assert agreement.state == AgreementState.COMPLETE
    assert agreement.pdf_sha256 in text.replace("\n", "")
