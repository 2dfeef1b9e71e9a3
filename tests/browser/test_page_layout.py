"""The header on a phone and on a laptop, and the mobility page read at a glance."""

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import assert_accessible, log_in

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 900}


def _demo_step_3_stay():
    from wegwijzer.mobilities.models import Mobility

    return Mobility.objects.select_related("supervisor").get(student__student_number="540001")


def _within(page: Page, selector: str, viewport: ViewportSize) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box)


def test_staff_menu_on_a_phone_is_compact_and_opens_with_the_keyboard(
    page: Page, live_server, demo_school
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "coordinator")

    header = page.locator(".site-header").bounding_box()
    students = page.get_by_role("link", name="Studenten")
    expect(students).to_be_hidden()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # the menu button
    expect(page.locator(".site-menu__toggle")).to_be_focused()
    page.keyboard.press("Enter")

    print("header at 390x844:", header)
    assert header is not None and header["height"] <= 120, header
    expect(students).to_be_visible()
    expect(page.get_by_role("link", name="Overzicht")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Tweestapsverificatie")).to_be_visible()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Overzicht")).to_be_focused()
    assert_accessible(page)
    students.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Studenten")


def test_staff_menu_on_a_wide_screen_is_a_bar_without_a_button(
    page: Page, live_server, demo_school
):
    page.set_viewport_size(LAPTOP)

    log_in(page, live_server.url, "coordinator")

    header = page.locator(".site-header").bounding_box()
    print("header at 1366x900:", header)
    assert header is not None and header["height"] <= 80, header
    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    links = page.locator(".main-nav a")
    expect(links).to_have_count(10)
    tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all()) if box}
    assert len(tops) == 1, f"the coordinator's ten links wrap: {tops}"
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    expect(page.get_by_role("link", name="Tweestapsverificatie")).to_be_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")  # no menu button: straight to the first link
    expect(page.get_by_role("link", name="Overzicht")).to_be_focused()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Studenten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Studenten")


def test_mobility_page_shows_a_step_3_stay_at_a_glance_on_a_laptop(
    page: Page, live_server, demo_school
):
    stay = _demo_step_3_stay()
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server.url, "coordinator")

    page.goto(f"{live_server.url}/mobilities/{stay.public_id}/")

    print("page height at 1366:", page.evaluate("document.documentElement.scrollHeight"))
    expect(page.locator(".mobility-summary")).to_contain_text("Hotel Mar Azul")
    expect(page.locator("#controls-title")).to_have_text("Stappen en besluiten")
    expect(page.locator("#waiting-title")).to_have_text("Wat er wacht, en op wie")
    for shown in (".mobility-summary", "#controls-title", "#waiting-title", "#step-3-title"):
        _within(page, shown, LAPTOP)
    _within(page, ".glance__main .item .item__title", LAPTOP)
    _within(page, ".glance__main .item .item__facts", LAPTOP)
    expect(page.get_by_role("navigation", name="Op deze pagina")).to_contain_text("Geschiedenis")
    assert_accessible(page)


def test_mobility_page_opens_the_folded_step_of_an_item_linked_to(
    page: Page, live_server, demo_school
):
    stay = _demo_step_3_stay()
    later = stay.items.filter(step=4, applicable=True).first()
    log_in(page, live_server.url, "coordinator")

    page.goto(f"{live_server.url}/mobilities/{stay.public_id}/#item-{later.public_id}")

    expect(page.locator(f"#item-{later.public_id} .item__title")).to_be_visible()


def test_mobility_page_opens_its_folded_history_from_its_own_navigation(
    page: Page, live_server, demo_school
):
    stay = _demo_step_3_stay()
    log_in(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/mobilities/{stay.public_id}/")
    expect(page.get_by_role("region", name="Geschiedenis")).to_be_hidden()

    page.get_by_role("navigation", name="Op deze pagina").get_by_role(
        "link", name="Geschiedenis"
    ).click()

    expect(page.get_by_role("region", name="Geschiedenis")).to_be_visible()
