"""A bulk action in the browser: after a class lesson the coordinator filters the students
list on the class, selects all students matching the filter, ticks "took part in
information" for them, reads the preview and confirms."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.browser.test_mobility_journeys import a_coordinator
from tests.factories import PASSWORD, MobilityFactory, StudentFactory
from wegwijzer.mobilities.models import ItemStatus, Mobility

INFORMATION = "orientation-information"


def test_coordinator_ticks_took_part_in_information_for_a_whole_class(
    page: Page, live_server, default_checklist
):
    a_coordinator("bulk-coordinator")
    the_class = [
        MobilityFactory.create(student=StudentFactory.create(class_name="VZ2A")) for _ in range(3)
    ]
    other_class = MobilityFactory.create(student=StudentFactory.create(class_name="ICT3B"))
    log_in(page, live_server.url, "bulk-coordinator", PASSWORD)

    page.goto(f"{live_server.url}/students/")
    page.get_by_label("Klas:", exact=True).fill("VZ2A")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="3 studenten")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("alle 3 rijen die aan het filter voldoen").check()
    page.get_by_label("Actie:", exact=True).select_option(
        label="Een onderdeel van de checklist afvinken"
    )
    page.get_by_role("button", name="Verder").click()

    page.get_by_label("Onderdeel van de checklist").select_option(INFORMATION)
    page.get_by_label("Notitie").fill("Klassenles 12 november")
    page.get_by_role("button", name="Toon wat er gaat gebeuren").click()
    expect(page.get_by_role("heading", name="Wordt gedaan voor 3 verblijven")).to_be_visible()
    assert_accessible(page)
    # The preview changed nothing.
    assert not Mobility.objects.filter(
        items__template_item__key=INFORMATION, items__status=ItemStatus.DONE
    ).exists()

    page.get_by_role("button", name="Doe het voor 3 verblijven").click()
    expect(page.get_by_role("heading", name="Gedaan voor 3 verblijven")).to_be_visible()
    assert_accessible(page)
    for stay in the_class:
        assert stay.items.get(template_item__key=INFORMATION).status == ItemStatus.DONE
    assert other_class.items.get(template_item__key=INFORMATION).status == ItemStatus.OPEN


def test_coordinator_ticks_rows_of_the_pipeline(page: Page, live_server, default_checklist):
    a_coordinator("bulk-pipeline")
    stays = [MobilityFactory.create() for _ in range(2)]
    log_in(page, live_server.url, "bulk-pipeline", PASSWORD)

    # The enhancement ticks every row of the page; one is unticked again.
    page.get_by_label("Alles op deze pagina selecteren").check()
    expect(page.get_by_label(f"Selecteer {stays[0].student.full_name}")).to_be_checked()
    page.get_by_label(f"Selecteer {stays[1].student.full_name}").uncheck()
    assert_accessible(page)
    page.get_by_label("Actie:", exact=True).select_option(
        label="Een onderdeel van de checklist afvinken"
    )
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Onderdeel van de checklist").select_option(INFORMATION)
    page.get_by_role("button", name="Toon wat er gaat gebeuren").click()
    expect(page.get_by_role("heading", name="Wordt gedaan voor 1 verblijf")).to_be_visible()
    page.get_by_role("button", name="Doe het voor 1 verblijf").click()

    expect(page.get_by_role("heading", name="Gedaan voor 1 verblijf")).to_be_visible()
    assert stays[0].items.get(template_item__key=INFORMATION).status == ItemStatus.DONE
    assert stays[1].items.get(template_item__key=INFORMATION).status == ItemStatus.OPEN
