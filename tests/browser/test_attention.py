from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import assert_accessible, log_in

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_student_on_a_phone_sees_the_step_and_the_first_to_do_without_scrolling(
    page: Page, live_server, demo_school
):
    page.set_viewport_size(PHONE)

    log_in(page, live_server.url, "student")

    current_step = page.locator(".current-step")
    first_to_do = page.locator(".to-do li").first
    expect(current_step).to_contain_text("Stap")
    expect(first_to_do).to_be_visible()
    for shown in (current_step, first_to_do):
        box = shown.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("window.scrollY") == 0
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone's screen"
    assert_accessible(page)
