"""Issue 15's journey through steps 4 and 5, in the browser: during the stay the supervisor
logs two contacts, the second with a low wellbeing score that flags the stay for the
coordinator; the student checks in from a phone; the host company gives its mid-term feedback
through its link. Back home the student submits the reflection and the coordinator issues the
Europass Mobility, whose PDF and JSON-LD credential download."""

import datetime
import json
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_mobility_journeys import a_coordinator
from tests.contacts.helpers import abroad, agree
from tests.factories import PASSWORD, HostCompanyFactory, StudentFactory, UserFactory
from tests.links.helpers import make_link
from wegwijzer.accounts.models import Role
from wegwijzer.contacts.models import Channel, ContactEntry
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.learning.models import Reflection
from wegwijzer.links.models import Purpose
from wegwijzer.mobilities.models import Mobility
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification
from wegwijzer.programmes.models import Step

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Log in and wait until the login form has made way for the user's home page."""
    log_in(page, base_url, username, PASSWORD)
    expect(page.get_by_label("Wachtwoord")).to_have_count(0)
    page.wait_for_load_state()


def log_out(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()


def log_contact(page: Page, held_on: datetime.date, score: str, how: str) -> None:
    """Log a contact by video on the form the Contact card's button opens."""
    page.get_by_role("region", name="Contact", exact=True).get_by_role(
        "link", name="Contact vastleggen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact vastleggen")
    page.get_by_label("Datum").fill(held_on.isoformat())
    page.get_by_label("Kanaal").select_option(label="Videogesprek")
    page.get_by_role("group", name="Welzijn (1-5)").get_by_label(score).check()
    page.get_by_label("Hoe het met de student gaat").fill(how)


def test_a_stay_abroad_from_the_contact_log_to_the_europass(
    page: Page, live_server, default_checklist, settings, tmp_path: Path
):
    settings.SCHOOL_NAME = "ROC Voorbeeld"
    settings.SCHOOL_LEGAL_IDENTIFIER = "12345678"
    today = timezone.localdate()
    coordinator = a_coordinator()
    supervisor = UserFactory.create(
        username="supervisor-abroad", first_name="Pieter", last_name="de Graaf",
        role=Role.SUPERVISOR,
    )  # fmt: skip
    student_user = UserFactory.create(
        username="noor-abroad", first_name="Noor", last_name="Bakker", role=Role.STUDENT
    )
    student = StudentFactory.create(user=student_user, first_name="Noor", last_name="Bakker")
    host = HostCompanyFactory.create(
        name="Hotel Sol y Mar", city="Valencia", country="ES",
        contact_name="Carmen Ruiz", contact_email="carmen@example.es",
    )  # fmt: skip
    mobility = abroad(supervisor=supervisor, student=student, departed_days_ago=30)
    Mobility.objects.filter(pk=mobility.pk).update(host_company=host)
    mobility.refresh_from_db()
    agree(mobility, supervisor)
    mobility_url = f"{live_server.url}/mobilities/{mobility.public_id}/"

    # 1. The supervisor logs two contacts from the stay's Contact card; the second scores low.
    sign_in(page, live_server.url, supervisor.username)
    page.goto(mobility_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Bakker — Valencia, Spanje")
    assert_accessible(page)

    log_contact(
        page, today - datetime.timedelta(days=3), "4: goed", "Goed begonnen op de receptie."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Contact vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactlogboek")
    expect(page.get_by_text("Het contact is vastgelegd.")).to_be_visible()

    page.goto(mobility_url)
    log_contact(page, today, "2: niet zo goed", "Mist haar familie en slaapt slecht.")
    page.get_by_label("Heimwee").check()
    page.get_by_label("Andere zorgen").fill("Lange diensten in het weekend.")
    page.get_by_role("button", name="Contact vastleggen").click()

    expect(page.get_by_text("Het contact is vastgelegd.")).to_be_visible()
    entries = page.get_by_role("region", name="Contacten, nieuwste eerst").get_by_role("listitem")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Welzijn 2 van 5")
    expect(entries.first).to_contain_text("(gemarkeerd)")
    expect(entries.first).to_contain_text("Heimwee")
    expect(entries.nth(1)).to_contain_text("Welzijn 4 van 5")
    assert_accessible(page)
    logged = ContactEntry.objects.filter(mobility=mobility, author=supervisor).order_by("held_on")
    assert [(entry.wellbeing, entry.flags, entry.homesick) for entry in logged] == [
        (4, False, False),
        (2, True, True),
    ]
    # The coordinator is told of the low score; the supervisor, who logged it, knows.
    told = set(Notification.objects.filter(kind=Kind.WELLBEING_LOW).values_list("user", flat=True))
    assert coordinator.pk in told and supervisor.pk not in told
    log_out(page)

    # 2. The coordinator's home shows the stay under "Nu aandacht nodig".
    sign_in(page, live_server.url, coordinator.username)
    attention = page.get_by_role("region", name="Nu aandacht nodig")
    expect(attention).to_contain_text("1 verblijf gemarkeerd om welzijn")
    expect(attention).to_contain_text("Noor Bakker: welzijn 2 van 5")
    assert_accessible(page)
    attention.get_by_role("link", name="Noor Bakker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactlogboek")
    expect(page.get_by_text("Mist haar familie en slaapt slecht.")).to_be_visible()
    log_out(page)

    # 3. The student checks in from their home page on a phone.
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, student_user.username)
    check_in = page.get_by_role("region", name="Check-in", exact=True)
    expect(check_in).to_be_visible()
    assert_accessible(page)
    check_in.get_by_label("4: goed").check()
    check_in.get_by_label("Hoe gaat het? (niet verplicht)").fill(
        "Het gaat al beter, leuke collega's."
    )
    check_in.get_by_label("Ik wil graag contact met mijn stagebegeleider").check()
    check_in.get_by_role("button", name="Verstuur mijn check-in").click()
    expect(page.get_by_text("Bedankt! Je check-in is opgeslagen.")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    assert_accessible(page)
    own = ContactEntry.objects.get(mobility=mobility, channel=Channel.CHECK_IN)
    assert (own.author, own.wellbeing, own.wants_contact) == (student_user, 4, True)
    log_out(page)

    # 4. The host company opens its mid-term feedback link, in English, without an account.
    link, token = make_link(mobility, Purpose.HOST_MIDTERM, created_by=supervisor)
    page.goto(f"{live_server.url}/link/{token}/")
    expect(page.get_by_text("halfway through the internship")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name="Attitude and punctuality").get_by_label(
        "Good", exact=True
    ).check()
    page.get_by_role("group", name="Professional skills").get_by_label(
        "Very good", exact=True
    ).check()
    page.get_by_label("What goes well?").fill("Friendly with guests and colleagues.")
    page.get_by_label("What could be better?").fill("Ask for help sooner.")
    page.get_by_label("The student's practical trainer at your company").fill("Carmen López")
    page.get_by_label("Your full name").fill("Luis Ortega")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)
    link.refresh_from_db()
    assert link.used_at is not None and link.submitted_name == "Luis Ortega"

    # The coordinator sees the check-in on the Contact card and the feedback under Links; the
    # check-in's better score is now the latest, so the stay no longer needs attention.
    sign_in(page, live_server.url, coordinator.username)
    expect(page.get_by_text("gemarkeerd om welzijn")).to_have_count(0)
    page.goto(mobility_url)
    contact_card = page.get_by_role("region", name="Contact", exact=True)
    expect(contact_card).to_contain_text("Het gaat al beter, leuke collega's.")
    expect(contact_card).to_contain_text("Wil graag contact")
    links = page.get_by_role("region", name="Links voor ouders/verzorgers en het leerbedrijf")
    expect(links).to_contain_text("Beantwoord door Luis Ortega")
    expect(links).to_contain_text("Friendly with guests and colleagues.")
    assert_accessible(page)
    log_out(page)

    # Time passes: the student came back yesterday and the stay is in step 5.
    Mobility.objects.filter(pk=mobility.pk).update(
        step=Step.BACK_HOME,
        return_date=today - datetime.timedelta(days=1),
        actual_return_date=today - datetime.timedelta(days=1),
    )

    # 5. The student writes and submits the reflection from their home page.
    sign_in(page, live_server.url, student_user.username)
    page.get_by_role("link", name="Schrijf je reflectie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn reflectie")
    assert_accessible(page)
    page.get_by_label("1. Wat heb ik gedaan en meegemaakt?").fill(
        "Gasten ontvangen op de receptie van een hotel in Valencia."
    )
    page.get_by_label("2. Wat heb ik geleerd?").fill(
        "Spaans spreken met gasten en zelfstandig werken."
    )
    page.get_by_label("3. Wat ga ik doen met wat ik heb geleerd").fill(
        "Een keuzedeel Spaans volgen en later in het buitenland werken."
    )
    page.get_by_role("button", name="Mijn reflectie inleveren").click()
    expect(page.get_by_text("Je reflectie is ingeleverd.")).to_be_visible()
    expect(page.get_by_text("Spaans spreken met gasten en zelfstandig werken.")).to_be_visible()
    assert_accessible(page)
    assert Reflection.objects.get(mobility=mobility).is_submitted
    log_out(page)

    # 6. The coordinator completes the Europass draft, reviews it and issues it.
    sign_in(page, live_server.url, coordinator.username)
    page.goto(mobility_url)
    page.get_by_role("region", name="Europass Mobiliteit").get_by_role(
        "link", name="Europass voorbereiden"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Europass Mobiliteit")
    expect(page.get_by_label(re.compile("^Ontvangende organisatie"))).to_have_value(
        "Hotel Sol y Mar"
    )
    assert_accessible(page)
    page.get_by_label("Begeleider of praktijkopleider bij het leerbedrijf").fill("Carmen López")
    page.get_by_label("Activiteiten en taken").fill(
        "Checked guests in and out.\nAnswered the phone in Spanish."
    )
    page.get_by_label("Verworven vaardigheden en competenties").fill(
        "Spanish at B1\nCustomer service"
    )
    page.get_by_label("Gebruikte taal").fill("Spanish, English")
    page.get_by_role("button", name="Concept opslaan").click()
    expect(page.get_by_text("Het concept van de Europass is opgeslagen.")).to_be_visible()

    page.get_by_role("link", name="Controleren en uitgeven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Europass Mobiliteit uitgeven")
    expect(page.get_by_text("Answered the phone in Spanish.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Uitgeven", exact=True).click()
    expect(page.get_by_text("De Europass Mobiliteit is uitgegeven.")).to_be_visible()
    assert_accessible(page)
    europass = EuropassMobility.objects.get(mobility=mobility)
    assert europass.is_issued and europass.issued_by == coordinator

    # The PDF and the European Digital Credential download.
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download de pdf").click()
    pdf = tmp_path / "europass.pdf"
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    with page.expect_download() as credential_download:
        page.get_by_role("link", name=re.compile(r"\(JSON-LD\)$")).click()
    assert credential_download.value.suggested_filename.endswith(".jsonld")
    credential = tmp_path / "credential.jsonld"
    credential_download.value.save_as(credential)
    document = json.loads(credential.read_text())
    assert document["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    assert "Noor" in json.dumps(document["credentialSubject"], ensure_ascii=False)
