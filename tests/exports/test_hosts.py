"""The host companies list as CSV and XLSX, with the list's filter, audited."""

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from tests.exports.helpers import csv_rows, export_note, xlsx_rows
from tests.factories import HostCompanyFactory, MobilityFactory


def test_hosts_csv_holds_the_filtered_companies_with_their_contact(english, coordinator):
    spanish = HostCompanyFactory.create(
        name="Mar Azul", country="ES", contact_name="Lucía Ortega", contact_phone="+34 961 000 111"
    )
    MobilityFactory.create(host_company=spanish)
    HostCompanyFactory.create(name="Bäckerei Sonne", country="DE")
    english.force_login(coordinator)

    response = english.get(reverse("hosts:export-csv"), {"country": "ES"})

    assert isinstance(response, StreamingHttpResponse)
    [row] = csv_rows(response)
    assert row["Name"] == "Mar Azul"
    assert row["Country"] == "Spain"
    assert row["Contact person"] == "Lucía Ortega"
    assert row["Contact phone"] == "+34 961 000 111"
    assert row["Mobilities"] == "1"
    assert row["Recognised"] == "no"


def test_hosts_xlsx_holds_every_page(english, coordinator):
    HostCompanyFactory.create_batch(30, country="PT")
    english.force_login(coordinator)

    response = english.get(reverse("hosts:export-xlsx"))

    assert isinstance(response, FileResponse)
    headings, *rows = xlsx_rows(response)
    assert headings[0] == "Name"
    assert len(rows) == 30


def test_hosts_export_is_audited_with_filter_and_count(english, supervisor):
    HostCompanyFactory.create_batch(2, country="ES")
    english.force_login(supervisor)

    english.get(reverse("hosts:export-csv"), {"country": "ES"})

    note = export_note("Host companies list")
    assert note.splitlines() == ["CSV, rows: 2", "Country: Spain"]


def test_host_list_links_to_its_exports_with_the_filter(english, coordinator):
    HostCompanyFactory.create(country="ES")
    english.force_login(coordinator)

    page = english.get(reverse("hosts:list"), {"country": "ES"}).content.decode()

    assert f"{reverse('hosts:export-csv')}?country=ES" in page


def test_mentors_and_students_may_not_export_host_companies(client, mentor, student):
    for user in (mentor, student):
        client.force_login(user)
        assert client.get(reverse("hosts:export-csv")).status_code == 403
