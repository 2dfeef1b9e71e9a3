"""The coordinator imports a class from the student information system (issue 17): a
30-row export whose student number column is not recognised and with two bad rows. The
dry run refuses every row until the column is chosen, then only the two, each with its
reason; applied, the class shows on the students list."""

import datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, log_in
from tests.imports.helpers import csv_bytes

HEADINGS = ["Stamnr", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "Crebo",
            "Leerjaar", "Klas", "Mentor", "E-mail ouder/verzorger"]  # fmt: skip


def export(tmp_path) -> str:
    rows = [HEADINGS]
    for number in range(30):
        born = datetime.date(2007, 1, 1) + datetime.timedelta(days=number * 11)
        rows.append([
            str(590001 + number), f"Leerling{number}", "van" if number % 4 == 0 else "",
            f"Importtest{number}", born.strftime("%d-%m-%Y"), "25181", "2", "KOK2C", "mentor",
            f"ouder{number}@demo.wegwijzer.example",
        ])  # fmt: skip
    rows[5][4] = "31-02-2008"
    rows[9][5] = "12345"
    path = tmp_path / "klas-kok2c.csv"
    path.write_bytes(csv_bytes(rows, delimiter=";", encoding="cp1252"))
    return str(path)


def test_coordinator_imports_a_class_after_choosing_a_column(
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
