import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD, UserFactory
from wegwijzer.accounts.models import Role

# (username, first name in the demo, role as shown, heading of the role's home)
DEMO_ROLES = [
    ("coordinator", "Fatima", "internationaal coördinator", "Je school"),
    ("supervisor", "Joris", "stagebegeleider", "Mijn studenten"),
    ("mentor", "Sanne", "studieloopbaanbegeleider", "Mijn mentees"),
    ("student", "Daan", "student", "Mijn gegevens"),
]


@pytest.mark.parametrize(("username", "first_name", "role", "section"), DEMO_ROLES)
def test_demo_role_logs_in_and_sees_its_home(
    page: Page, live_server, demo_school, username, first_name, role, section
):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Wegwijzer")
    assert_accessible(page)

    log_in(page, live_server.url, username)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {first_name}")
    expect(page.get_by_text(f"Je bent ingelogd als {role}.")).to_be_visible()
    expect(page.get_by_role("heading", name=section)).to_be_visible()
    assert_accessible(page)


def test_mentor_sees_own_mentees_from_the_demo(page: Page, live_server, demo_school):
    log_in(page, live_server.url, "mentor")

    mentees = page.get_by_role("table", name="Mijn mentees")

    expect(mentees.get_by_role("link", name="Daan Jansen")).to_be_visible()
    assert mentees.get_by_role("row").count() > 5

    # The mentor notes that Daan does not want to go now, on the home page itself.
    mentees.get_by_label("Interesse van Daan Jansen in buitenland").select_option(label="Nu niet")
    mentees.get_by_role("row").filter(has_text="Daan Jansen").get_by_role(
        "button", name="Opslaan"
    ).click()
    expect(page.get_by_text("Opgeslagen voor Daan Jansen.")).to_be_visible()
    expect(mentees.get_by_label("Interesse van Daan Jansen in buitenland")).to_have_value("not_now")


def test_language_switch_to_english_and_back(page: Page, live_server, demo_school):
    log_in(page, live_server.url, "coordinator")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Fatima")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        [
            "Overview",
            "Students",
            "Host companies",
            "Programmes",
            "Who is where",
            "Travel advice",
            "Roll calls",
            "Incidents",
            "Erasmus+",
            "Accounts",
        ]
    )
    assert_accessible(page)

    page.get_by_role("button", name="Nederlands").click()

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")


def test_log_out_returns_to_the_login_page(page: Page, live_server, demo_school):
    log_in(page, live_server.url, "student")

    page.get_by_role("button", name="Uitloggen").click()

    expect(page).to_have_url(live_server.url + "/accounts/login/")
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/accounts/login/?next=/")


def test_wrong_password_shows_a_message_on_the_login_page(page: Page, live_server, demo_school):
    log_in(page, live_server.url, "coordinator", password="not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam")
    assert_accessible(page)


def test_skip_link_moves_keyboard_focus_to_the_content(page: Page, live_server, demo_school):
    log_in(page, live_server.url, "coordinator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


def test_home_fits_a_phone_screen(page: Page, live_server, demo_school):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "mentor")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    assert_accessible(page)


def _totp(secret_for_typing: str) -> str:
    """The code an authenticator app shows now for the key the setup page gave."""
    typed = secret_for_typing.replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    return f"{totp(key):06d}"


def test_coordinator_must_set_up_two_factor_login_and_then_logs_in_with_a_code(
    page: Page, live_server, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    UserFactory.create(username="coordinator-2fa", role=Role.COORDINATOR)

    # Without a second factor, every page leads to setting one up.
    log_in(page, live_server.url, "coordinator-2fa", PASSWORD)
    page.goto(live_server.url + "/students/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    assert_accessible(page)
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code uit de app").fill(_totp(secret))
    page.locator("main form button[type=submit]").click()
    codes = page.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    recovery_code = codes.first.inner_text().strip()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").click()

    # The password alone no longer logs in: the code comes second. A recovery code works once.
    log_in(page, live_server.url, "coordinator-2fa", PASSWORD)
    expect(page.get_by_label("Code")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(recovery_code)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, live_server.url, "coordinator-2fa", PASSWORD)
    page.get_by_label("Code").fill(recovery_code)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Welkom")
