"""Browser journeys through a mobility: its checklist, its five steps and its roles.

The default checklist is data a migration loads, and each transactional test empties the
database when it ends: every test here asks for `default_checklist` to load it again.
"""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories import (
    PASSWORD,
    GuardianFactory,
    MobilityFactory,
    StudentFactory,
    UserFactory,
)
from wegwijzer.accounts.models import Role, User
from wegwijzer.mobilities.models import Mobility

# Dutch titles of checklist items, as the page shows them.
GUARDIAN_CONSENT = "Schriftelijke toestemming van een ouder of verzorger"
ERASMUS_DOCUMENTS = "Voorwaarden van Erasmus+ vervuld en documenten getekend"
ERASMUS_REPORT = "Participant report van Erasmus+ ingevuld"
INFORMATION = "Voorlichting over naar het buitenland gaan gevolgd"
PROGRAMME_CONDITIONS = "Voorwaarden van de opleiding bekend"
VISA = "Visum of verblijfsvergunning geregeld"
WORK_PERMIT = "Werkvergunning geregeld"
INSURANCE = "Verzekeringen geregeld"
EMERGENCIES = "Instructies voor noodsituaties gegeven en gegevens compleet"

OVERRIDE = "Reden om met open punten door te gaan"


def checklist_item(page: Page, title: str) -> Locator:
    """The checklist item with this title, found by its heading."""
    return page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def for_item(action: str, title: str) -> re.Pattern[str]:
    """The accessible name of an item's button: the action, then the item's title.

    The title is in a visually hidden span after the action; Chromium names the button
    with or without a space before the colon.
    """
    return re.compile(rf"^{re.escape(action)} ?: {re.escape(title)}$")


def show_step(page: Page, step_label: str) -> None:
    """Unfold the items of a step that is not the current one (the page shows a step that
    holds work to do now or an item to check unfolded already)."""
    summary = page.locator("summary", has_text=re.compile(f"van {step_label}$"))
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()


def confirm(page: Page, move: str, label: str, text: str) -> None:
    """Open a move's confirmation (swapped into the page by htmx), fill in one field and
    confirm it."""
    page.get_by_role("link", name=move).click()
    confirmation = page.get_by_role("region", name=move)
    confirmation.get_by_label(label).fill(text)
    confirmation.get_by_role("button", name=re.compile("^Bevestigen")).click()


def a_coordinator(username: str = "coordinator-browser") -> User:
    return UserFactory.create(
        username=username, first_name="Fatima", last_name="Ouali", role=Role.COORDINATOR
    )


# 1. A coordinator takes a student through all five steps


def test_coordinator_takes_an_under_18_erasmus_student_to_spain_through_five_steps(
    page: Page, live_server, default_checklist
):
    today = timezone.localdate()
    departure = today + datetime.timedelta(days=150)
    return_day = departure + datetime.timedelta(days=90)
    StudentFactory.create(
        first_name="Mila",
        last_name="Verbeek",
        date_of_birth=departure - datetime.timedelta(days=17 * 365),
    )
    a_coordinator()
    log_in(page, live_server.url, "coordinator-browser", password=PASSWORD)

    # The new-mobility form, from the button on the coordinator's home.
    page.get_by_role("link", name="Nieuw buitenlandverblijf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw buitenlandverblijf")
    assert_accessible(page)
    page.get_by_label("Student").select_option(label="Mila Verbeek")
    page.get_by_label("Soort").select_option(label="Stage in het buitenland")
    page.get_by_label("Land van bestemming").select_option(label="Spanje")
    page.get_by_label("Plaats van bestemming").fill("Sevilla")
    page.get_by_label("Geplande vertrekdatum").fill(departure.isoformat())
    page.get_by_label("Geplande terugkeerdatum").fill(return_day.isoformat())
    page.get_by_label("Financiering").select_option(label="Erasmus+")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mila Verbeek — Sevilla, Spanje")
    expect(page.get_by_text("Stap 1 van 5: Voorlichting")).to_be_visible()
    mobility_url = page.url
    assert_accessible(page)

    # Under 18 and Erasmus+: the consent and the Erasmus+ items are on the checklist.
    show_step(page, "Keuze")
    expect(checklist_item(page, GUARDIAN_CONSENT)).to_be_visible()
    show_step(page, "Voorbereiding")
    expect(checklist_item(page, ERASMUS_DOCUMENTS)).to_be_visible()
    show_step(page, "Terug in Nederland")
    expect(checklist_item(page, ERASMUS_REPORT)).to_be_visible()

    # Mark an item done: htmx swaps the item in place, the page is not loaded again.
    page.evaluate("window.stillTheSamePage = true")
    item = checklist_item(page, INFORMATION)
    expect(item.locator(".status")).to_have_text("te doen")
    item.locator("summary", has_text="Afvinken").click()
    expect(item.get_by_label("Gedaan op")).to_have_value(today.isoformat())
    item.get_by_label("Notitie").fill("Voorlichtingsavond op school bijgewoond.")
    item.get_by_role("button", name=for_item("Afvinken", INFORMATION)).click()

    expect(item.get_by_role("status")).to_have_text(f"“{INFORMATION}” is afgevinkt.")
    expect(item.locator(".status")).to_have_text("gedaan")
    expect(item.get_by_text("Voorlichtingsavond op school bijgewoond.")).to_be_visible()
    expect(item.get_by_role("button", name=for_item("Heropenen", INFORMATION))).to_be_visible()
    expect(page).to_have_url(mobility_url)
    assert page.evaluate("window.stillTheSamePage === true"), "the page was loaded again"

    # Waive another with a reason.
    item = checklist_item(page, PROGRAMME_CONDITIONS)
    item.locator("summary", has_text="Laten vervallen").click()
    item.get_by_label("Reden van vervallen").fill("De opleiding kent geen extra voorwaarden.")
    item.get_by_role("button", name=for_item("Laten vervallen", PROGRAMME_CONDITIONS)).click()

    expect(item.get_by_role("status")).to_have_text(
        f"“{PROGRAMME_CONDITIONS}” is vervallen verklaard."
    )
    expect(item.locator(".status")).to_have_text("vervallen verklaard")
    expect(item.get_by_text("De opleiding kent geen extra voorwaarden.")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true"), "the page was loaded again"

    # Step 1 to 2, with an item still open: skipping it is confirmed, with a reason.
    confirm(page, "Door naar stap 2: Keuze", OVERRIDE, "Land gekozen in het gesprek met de mentor.")
    expect(page.get_by_role("status")).to_have_text(
        "Het buitenlandverblijf is door naar stap 2, Keuze."
    )
    expect(page.get_by_text("Stap 2 van 5: Keuze")).to_be_visible()

    # The go at step 2 moves on to step 3.
    page.get_by_role("link", name="Go/no-go-besluit vastleggen").click()
    decision = page.get_by_role("region", name="Go/no-go-besluit vastleggen")
    expect(decision.get_by_text("Een go brengt het verblijf naar stap 3")).to_be_visible()
    decision.get_by_label("Go", exact=True).check()
    expect(decision.get_by_label("Besloten op")).to_have_value(today.isoformat())
    decision.get_by_label("Reden van het besluit").fill("Gemotiveerd en aan de eisen voldaan.")
    decision.get_by_label(OVERRIDE).fill("Toestemming komt volgende week binnen.")
    assert_accessible(page)
    decision.get_by_role("button", name=re.compile("^Bevestigen")).click()
    expect(page.get_by_role("status")).to_have_text(
        "Go: het buitenlandverblijf is door naar stap 3, Voorbereiding."
    )

    # Step 4 only from the departure day: the button says from when.
    departed = "De student is vertrokken: stap 4, In het buitenland"
    expect(page.get_by_role("button", name=departed)).to_be_disabled()
    expect(page.get_by_text(re.compile("^Vertrek kan vanaf"))).to_be_visible()

    # Time passes: the stay left 100 days ago and came back 10 days ago.
    Mobility.objects.filter(public_id=mobility_url.rstrip("/").rsplit("/", 1)[1]).update(
        departure_date=today - datetime.timedelta(days=100),
        return_date=today - datetime.timedelta(days=10),
    )
    page.reload()
    confirm(page, departed, OVERRIDE, "Vertrokken voor de test.")
    expect(page.get_by_role("status")).to_have_text(
        "Het buitenlandverblijf is door naar stap 4, In het buitenland."
    )
    confirm(page, "Door naar stap 5: Terug in Nederland", OVERRIDE, "Terug voor de test.")
    expect(page.get_by_role("status")).to_have_text(
        "Het buitenlandverblijf is door naar stap 5, Terug in Nederland."
    )
    confirm(page, "Buitenlandverblijf afronden", OVERRIDE, "Reflectie volgt na de vakantie.")

    # Completed: the outcome, no more controls, the decision and the moves in the history.
    expect(page.get_by_role("status")).to_have_text("Het buitenlandverblijf is afgerond.")
    expect(page.get_by_text("Dit buitenlandverblijf is afgesloten (Afgerond).")).to_be_visible()
    facts = page.get_by_role("region", name="Het buitenlandverblijf")
    outcome = facts.get_by_role("definition").filter(has_text=re.compile("^Afgerond"))
    expect(outcome).to_have_count(1)
    # The only move left is the coordinator's reopening.
    controls = page.get_by_role("region", name="Stappen en besluiten")
    expect(controls.get_by_role("link")).to_have_text(["Verblijf heropenen…"])
    expect(controls.get_by_role("button")).to_have_count(0)
    decisions = page.get_by_role("region", name="Besluiten").get_by_role("row")
    expect(decisions.filter(has_text="Gemotiveerd en aan de eisen")).to_have_count(1)
    page.locator("summary", has_text="Toon de geschiedenis").click()
    history = page.get_by_role("region", name="Geschiedenis")
    entries = history.get_by_role("listitem")
    expect(entries.filter(has_text="besloten: Go")).to_have_count(1)
    moves = entries.filter(has_text="naar de volgende stap")
    expect(moves).to_have_count(4)
    expect(moves.filter(has_text="Land gekozen in het gesprek met de mentor.")).to_have_count(1)
    expect(entries.filter(has_text="afgesloten")).to_have_count(1)
    expect(entries.filter(has_text=f"afgevinkt: {INFORMATION}")).to_have_count(1)
    expect(entries.filter(has_text=f"vervallen verklaard: {PROGRAMME_CONDITIONS}")).to_have_count(1)
    assert_accessible(page)


# 2. Visa and work permit outside Europe only


def test_visa_and_work_permit_are_on_the_checklist_outside_europe_only(
    page: Page, live_server, default_checklist
):
    coordinator = a_coordinator()
    cape_town = MobilityFactory.create(
        by=coordinator, destination_country="ZA", destination_city="Kaapstad"
    )
    berlin = MobilityFactory.create(
        by=coordinator, destination_country="DE", destination_city="Berlijn"
    )
    log_in(page, live_server.url, "coordinator-browser", password=PASSWORD)

    page.goto(f"{live_server.url}/mobilities/{cape_town.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kaapstad, Zuid-Afrika")
    show_step(page, "Voorbereiding")
    expect(checklist_item(page, VISA)).to_be_visible()
    expect(checklist_item(page, WORK_PERMIT)).to_be_visible()

    page.goto(f"{live_server.url}/mobilities/{berlin.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Berlijn, Duitsland")
    show_step(page, "Voorbereiding")
    expect(checklist_item(page, INSURANCE)).to_be_visible()
    for title in (VISA, WORK_PERMIT):
        expect(page.get_by_role("heading", name=title, include_hidden=True)).to_have_count(0)


# 3. A student on a phone marks one of their own items done


def test_student_on_a_phone_marks_an_own_item_done(
    page: Page, live_server, default_checklist, demo_school
):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "student")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Daan")
    page.get_by_text("Menu", exact=True).click()  # on a phone the menu is folded
    my_journey = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
    expect(my_journey).to_have_text(["Mijn reis"])
    expect(my_journey).to_have_attribute("aria-current", "page")

    to_do = page.get_by_role("region", name="Wat ik nu moet doen")
    first = to_do.get_by_role("link").first
    title = first.inner_text()
    first.click()

    expect(page).to_have_url(re.compile(r"/mobilities/[0-9a-f-]+/#item-[0-9a-f-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Daan Jansen — Valencia, Spanje")
    item = checklist_item(page, title)
    expect(item.locator(".status")).to_have_text("te doen")
    item.locator("summary", has_text="Afvinken").click()
    expect(item.get_by_label("Gedaan op")).to_have_value(timezone.localdate().isoformat())
    item.get_by_label("Notitie").fill("Geregeld met hulp van mijn ouders.")
    page.evaluate("window.stillTheSamePage = true")
    item.get_by_role("button", name=for_item("Afvinken", title)).click()

    # The demo student's first item is their ID document, which the coordinator checks.
    expect(item.get_by_role("status")).to_have_text(
        f"“{title}” is afgevinkt en wacht op controle door de school."
    )
    expect(item.locator(".status")).to_have_text("te controleren")
    expect(item.get_by_text("Wacht op controle door de coördinator.")).to_be_visible()
    expect(item.get_by_text("Geregeld met hulp van mijn ouders.")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true"), "the page was loaded again"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    assert_accessible(page)

    # Back on "Mijn reis", the item is no longer on the to-do list: it waits for the check.
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Mijn reis").click()
    expect(to_do.locator("ul.to-do").get_by_role("link").first).to_be_visible()
    expect(to_do.locator("ul.to-do").get_by_role("link", name=title, exact=True)).to_have_count(0)
    waiting = to_do.locator("h3:has-text('Wacht op controle') + ul")
    expect(waiting.get_by_role("link", name=title, exact=True)).to_have_count(1)


# 4. A student has no actions on items that are not theirs


def test_student_has_no_actions_on_items_of_others(
    page: Page, live_server, default_checklist, demo_school
):
    log_in(page, live_server.url, "student")
    own_link = page.get_by_role("region", name="Wat ik nu moet doen").get_by_role("link").first
    own_title = own_link.inner_text()
    own_link.click()

    emergencies = checklist_item(page, EMERGENCIES)
    expect(emergencies).to_be_visible()
    expect(emergencies.get_by_role("definition").filter(has_text="coördinator")).to_be_visible()
    expect(emergencies.locator("summary")).to_have_count(0)
    expect(emergencies.get_by_role("button", include_hidden=True)).to_have_count(0)
    # A student makes no moves of the stay.
    expect(page.get_by_role("heading", name="Stappen en besluiten")).to_have_count(0)

    # The student's own open item does offer the action.
    own = checklist_item(page, own_title)
    expect(own.locator("summary", has_text="Afvinken")).to_be_visible()


def test_guardian_gives_consent_through_the_link_the_coordinator_sent(
    page: Page, live_server, default_checklist
):
    coordinator = UserFactory.create(username="coordinator-consent", role=Role.COORDINATOR)
    student = StudentFactory.create(
        first_name="Noor", last_name="Bakker", date_of_birth=datetime.date(2010, 3, 1)
    )
    GuardianFactory.create(student=student, name="Anna Bakker", email="anna@example.org")
    mobility = MobilityFactory.create(student=student, by=coordinator)
    mobility_page = f"{live_server.url}/mobilities/{mobility.public_id}/"

    # The coordinator sends the consent link from the mobility page.
    log_in(page, live_server.url, coordinator.username, PASSWORD)
    page.goto(mobility_page)
    links = page.locator("section.links")
    links.locator("form:has(input[name=purpose][value=guardian_consent]) button").click()
    expect(links.get_by_role("cell", name=re.compile("Anna Bakker"))).to_be_visible()
    expect(links).to_contain_text("Wacht op antwoord")
    link_path = re.search(r"/link/[A-Za-z0-9_-]+/", str(mail.outbox[-1].body))
    assert link_path, mail.outbox[-1].body
    page.get_by_role("button", name="Uitloggen").click()

    # The guardian opens it without an account, sees the essentials and consents.
    page.goto(live_server.url + link_path.group())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noor")
    expect(page.locator("main")).to_contain_text(mobility.destination_city)
    assert_accessible(page)
    page.locator("input[name=consent][value=given]").check()
    page.locator("input[name=name]").fill("Anna Bakker")
    page.locator("input[name=is_guardian]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    consent = mobility.items.get(template_item__key="decision-guardian-consent")
    assert consent.status == "done"
    link = mobility.signed_links.get()
    assert link.submitted_name == "Anna Bakker" and link.submitted_ip == "127.0.0.1"
    # The link works once: opened again, it says so and offers no form.
    response = page.goto(live_server.url + link_path.group())
    assert response and response.status == 410
    expect(page.locator("main form")).to_have_count(0)

    # The coordinator sees who answered.
    log_in(page, live_server.url, coordinator.username, PASSWORD)
    page.goto(mobility_page)
    expect(page.locator("section.links")).to_contain_text("Beantwoord door Anna Bakker")


# 6. Completing before the stay took place is refused; a completed stay is reopened


def test_coordinator_cannot_complete_before_departure_and_reopens_a_completed_stay(
    page: Page, live_server, default_checklist
):
    today = timezone.localdate()
    coordinator = a_coordinator()
    # Moved to step 5 before the rules (or by hand): its departure is still ahead.
    early = MobilityFactory.create(
        by=coordinator, destination_city="Valencia",
        departure_date=today + datetime.timedelta(days=70),
        return_date=today + datetime.timedelta(days=160),
    )  # fmt: skip
    Mobility.objects.filter(pk=early.pk).update(step=5)
    done = MobilityFactory.create(
        by=coordinator, destination_country="DE", destination_city="Berlijn",
        departure_date=today - datetime.timedelta(days=100),
        return_date=today - datetime.timedelta(days=10),
    )  # fmt: skip
    Mobility.objects.filter(pk=done.pk).update(
        step=5, outcome="completed", outcome_date=today, actual_return_date=done.return_date
    )
    log_in(page, live_server.url, "coordinator-browser", password=PASSWORD)

    # Completing is refused, and the page says from when it can be done.
    page.goto(f"{live_server.url}/mobilities/{early.public_id}/")
    expect(page.get_by_role("button", name="Buitenlandverblijf afronden")).to_be_disabled()
    expect(page.get_by_text(re.compile("^Afronden kan vanaf"))).to_be_visible()
    assert_accessible(page)
    # Straight to the confirmation (an old bookmark): the same reason, nothing to confirm.
    page.goto(f"{live_server.url}/mobilities/{early.public_id}/confirm/complete/")
    expect(page.get_by_role("alert")).to_contain_text("Afronden kan vanaf")
    expect(page.get_by_role("button", name=re.compile("^Bevestigen"))).to_have_count(0)
    assert_accessible(page)

    # Reopening the completed stay: what it does, then a reason is required.
    page.goto(f"{live_server.url}/mobilities/{done.public_id}/")
    expect(page.get_by_text("Dit buitenlandverblijf is afgesloten (Afgerond).")).to_be_visible()
    page.get_by_role("link", name="Verblijf heropenen").click()
    confirmation = page.get_by_role("region", name="Verblijf heropenen")
    expect(confirmation.get_by_text("Het verblijf is weer open, in stap 5")).to_be_visible()
    expect(confirmation.get_by_text("De werkelijke terugkeerdatum wordt gewist")).to_be_visible()
    assert_accessible(page)
    confirmation.get_by_role("button", name=re.compile("^Bevestigen")).click()
    expect(page.get_by_text("Geef de reden om het verblijf te heropenen.").first).to_be_visible()
    page.get_by_label("Reden om te heropenen").fill("Het participant report ontbreekt nog.")
    page.get_by_role("button", name=re.compile("^Bevestigen")).click()

    expect(page.get_by_role("status")).to_have_text(
        "Het verblijf is weer open, in stap 5, Terug in Nederland."
    )
    expect(page.get_by_text("Dit buitenlandverblijf is afgesloten")).to_have_count(0)
    page.locator("summary", has_text="Toon de geschiedenis").click()
    history = page.get_by_role("region", name="Geschiedenis").get_by_role("listitem")
    expect(history.filter(has_text="Het participant report ontbreekt nog.")).to_have_count(1)
    assert_accessible(page)


# A folded step's items get their forms when the step is unfolded


def test_unfolding_a_step_brings_its_items_forms(page: Page, live_server, default_checklist):
    coordinator = a_coordinator()
    berlin = MobilityFactory.create(
        by=coordinator, destination_country="DE", destination_city="Berlijn"
    )
    log_in(page, live_server.url, "coordinator-browser", password=PASSWORD)

    page.goto(f"{live_server.url}/mobilities/{berlin.public_id}/")
    folded = page.locator("section[aria-labelledby=step-3-title] a", has_text="Toon de acties")
    expect(folded.first).to_be_attached()
    show_step(page, "Voorbereiding")
    item = checklist_item(page, INSURANCE)

    expect(item.locator("summary", has_text="Laten vervallen")).to_be_visible()
    expect(item.get_by_role("link", name=for_item("Toon de acties", INSURANCE))).to_have_count(0)
    assert_accessible(page)
