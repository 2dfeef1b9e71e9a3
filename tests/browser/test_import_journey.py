"""September with a whole class (issue 17). The coordinator imports a class from the
student information system: a 30-row export whose student number column is not recognised
and with two bad rows. The dry run refuses every row until the column is chosen, then only
the two, each with its reason; applied, the class shows on the students list. She invites
the class, adds it to the demo's class exchange (each student gets their own stay) and,
after the class lesson, ticks "took part in information" for the whole class at once."""

import datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.imports.helpers import csv_bytes
from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.students.models import Student

HEADINGS = ["Stamnr", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "Crebo",
            "Leerjaar", "Klas", "Mentor", "E-mail", "E-mail ouder/verzorger"]  # fmt: skip
INFORMATION = "orientation-information"


def export(tmp_path) -> str:
    rows = [HEADINGS]
    for number in range(30):
        born = datetime.date(2007, 1, 1) + datetime.timedelta(days=number * 11)
        rows.append([
            str(590001 + number), f"Leerling{number}", "van" if number % 4 == 0 else "",
            f"Importtest{number}", born.strftime("%d-%m-%Y"), "25181", "2", "KOK2C", "mentor",
            f"leerling{number}@demo.wegwijzer.example", f"ouder{number}@demo.wegwijzer.example",
        ])  # fmt: skip
    rows[5][4] = "31-02-2008"
    rows[9][5] = "12345"
    path = tmp_path / "klas-kok2c.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1252"))
    return str(path)


def test_coordinator_imports_invites_groups_and_ticks_a_class(
    page: Page, live_server, demo_school, tmp_path
):
    log_in(page, live_server.url, "coordinator")
    page.goto(live_server.url + "/students/")
    page.get_by_role("link", name="Importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Importeren uit het studentinformatiesysteem"
    )
    assert_accessible(page)

    page.get_by_label("Exportbestand (CSV of XLSX)").set_input_files(export(tmp_path))
    page.get_by_role("button", name="Proefimport").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Proefimport van klas-kok2c.csv")
    expect(page.get_by_role("heading", name="30 rijen geweigerd")).to_be_visible()
    expect(page.get_by_text("Ontbreekt: studentnummer.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Stamnr").select_option(label="studentnummer")
    page.get_by_role("button", name="Opnieuw controleren met deze kolommen").click()

    expect(page.get_by_role("heading", name="2 rijen geweigerd")).to_be_visible()
    refused = page.get_by_role("table", name="Geweigerde rijen")
    expect(refused.get_by_text("De geboortedatum “31-02-2008” is geen datum.")).to_be_visible()
    expect(refused.get_by_text("De opleiding “12345” is onbekend.")).to_be_visible()
    expect(page.get_by_role("heading", name="28 aan te maken")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Doorvoeren: 28 aanmaken, 0 bijwerken").click()

    expect(page.get_by_text("De import is gedaan: 28 aangemaakt, 0 bijgewerkt.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Studenten van klas KOK2C").click()

    expect(page.get_by_role("heading", name="28 studenten")).to_be_visible()
    expect(page.get_by_role("link", name="Leerling0 van Importtest0", exact=True)).to_be_visible()
    assert_accessible(page)

    # Invite the class: the list's class goes along to the invitation's preview and confirm.
    accounts_before = User.objects.count()
    page.get_by_role("link", name="Uitnodigen").click()
    expect(page.get_by_role("heading", name="28 studenten krijgen een uitnodiging")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="28 studenten uitnodigen").click()
    expect(page.get_by_text("28 studenten zijn per e-mail uitgenodigd.")).to_be_visible()
    imported = Student.objects.filter(class_name="KOK2C")
    assert imported.exclude(user=None).count() == 28
    assert User.objects.count() == accounts_before + 28  # nobody outside the class

    # The class joins the demo's class exchange: each student gets their own stay.
    page.get_by_role("link", name="Studenten", exact=True).click()
    page.get_by_role("link", name="Groepsreizen").click()
    page.get_by_role("link", name="Uitwisseling Lyon VZ3A").click()
    page.get_by_role("link", name="Studenten toevoegen").click()
    page.get_by_label("Of een hele klas").fill("KOK2C")
    page.get_by_role("button", name="Aan de groep toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitwisseling Lyon VZ3A")
    assert Mobility.objects.filter(student__class_name="KOK2C", group__isnull=False).count() == 28

    # After the class lesson: every student of the class took part in the information.
    page.goto(live_server.url + "/students/?class_name=KOK2C")
    page.get_by_label("alle 28 rijen die aan het filter voldoen").check()
    page.get_by_label("Actie:", exact=True).select_option(
        label="Een onderdeel van de checklist afvinken"
    )
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Onderdeel van de checklist").select_option(INFORMATION)
    page.get_by_role("button", name="Toon wat er gaat gebeuren").click()
    expect(page.get_by_role("heading", name="Wordt gedaan voor 28 verblijven")).to_be_visible()
    page.get_by_role("button", name="Doe het voor 28 verblijven").click()
    expect(page.get_by_role("heading", name="Gedaan voor 28 verblijven")).to_be_visible()
    assert_accessible(page)
    done = ChecklistItem.objects.filter(
        mobility__student__class_name="KOK2C", template_item__key=INFORMATION,
        status=ItemStatus.DONE,
    )  # fmt: skip
    assert done.count() == 28
