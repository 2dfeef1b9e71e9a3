import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import HostCompanyFactory, MobilityFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.hosts.models import HostCompany

pytestmark = pytest.mark.django_db

NOT_COORDINATORS = ["supervisor", "mentor", "student"]


def form_data(**overrides):
    return {
        "name": "Hotel Mar Azul",
        "country": "ES",
        "city": "Valencia",
        "sector": "Hospitality",
        "contact_name": "Lucía Martínez",
        "contact_email": "lucia@marazul.example",
        "welcomes_students": "on",
    } | overrides


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The list


def test_host_list_shows_each_host_with_its_number_of_mobilities(english, coordinator):
    host = HostCompanyFactory.create(name="Hotel Mar Azul", city="Valencia", country="ES")
    MobilityFactory.create_batch(2, host_company=host)
    HostCompanyFactory.create(name="Quiet Host")
    english.force_login(coordinator)

    response = english.get(reverse("hosts:list"))

    counts = {h.name: h.mobility_count for h in response.context["page"]}
    assert counts == {"Hotel Mar Azul": 2, "Quiet Host": 0}
    content = response.content.decode()
    assert "Spain" in content and reverse("hosts:detail", args=[host.public_id]) in content


@pytest.mark.parametrize("term", ["mar azul", "valen"])
def test_host_list_searches_by_name_or_city(english, coordinator, term):
    HostCompanyFactory.create(name="Hotel Mar Azul", city="Valencia")
    HostCompanyFactory.create(name="Gasthaus Zum Löwen", city="Köln", country="DE")
    english.force_login(coordinator)

    response = english.get(reverse("hosts:list"), {"q": term})

    assert [h.name for h in response.context["page"]] == ["Hotel Mar Azul"]


def test_host_list_filters_by_country(english, coordinator):
    HostCompanyFactory.create(name="In Spain", country="ES")
    HostCompanyFactory.create(name="In Germany", country="DE")
    english.force_login(coordinator)

    response = english.get(reverse("hosts:list"), {"country": "DE"})

    assert [h.name for h in response.context["page"]] == ["In Germany"]
    assert '<option value="DE" selected>Germany</option>' in response.content.decode()


def test_host_list_offers_each_country_that_has_host_companies_once(english, coordinator):
    for country in ["ES", "DE", "ES", "AT"]:
        HostCompanyFactory.create(country=country)
    english.force_login(coordinator)

    choices = english.get(reverse("hosts:list")).context["search"].fields["country"].choices

    # By name in the active language: Austria, Germany, Spain.
    assert [code for code, _name in choices] == ["", "AT", "DE", "ES"]


def test_host_list_shows_25_hosts_a_page(english, coordinator):
    HostCompanyFactory.create_batch(27)
    english.force_login(coordinator)

    response = english.get(reverse("hosts:list"), {"page": 2})

    assert len(response.context["page"].object_list) == 2


def test_host_list_queries_do_not_grow_with_the_hosts(client, coordinator):
    for host in HostCompanyFactory.create_batch(5):
        MobilityFactory.create(host_company=host)
    client.force_login(coordinator)
    few = count_queries(client, reverse("hosts:list"))

    HostCompanyFactory.create_batch(95, country="DE")
    many = count_queries(client, reverse("hosts:list"))

    assert HostCompany.objects.count() == 100
    assert few == many


def test_supervisor_sees_the_host_list_without_the_new_button(english, supervisor):
    HostCompanyFactory.create(name="Seen Host")
    english.force_login(supervisor)

    content = english.get(reverse("hosts:list")).content.decode()

    assert "Seen Host" in content and reverse("hosts:create") not in content
    # Supervisors find the list in their navigation.
    assert f'href="{reverse("hosts:list")}"' in content


@pytest.mark.parametrize("role", ["mentor", "student"])
def test_host_list_is_for_the_schools_staff_only(client, request, role):
    HostCompanyFactory.create(name="Hidden Host")
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("hosts:list"))

    assert response.status_code == 403
    assert "Hidden Host" not in response.content.decode()


# Creating and editing


def test_coordinator_creates_a_host_and_lands_on_its_page(english, coordinator):
    english.force_login(coordinator)

    response = english.post(reverse("hosts:create"), form_data(), follow=True)

    host = HostCompany.objects.get()
    assert response.redirect_chain[-1][0] == reverse("hosts:detail", args=[host.public_id])
    assert "Hotel Mar Azul was added." in response.content.decode()
    assert AuditEntry.objects.filter(object_id=str(host.public_id), action="create").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"contact_email": "not-an-address"}, "contact_email", "Enter a valid email address."),
    ],
)
def test_bad_host_input_is_refused_with_a_message_and_nothing_saved(
    english, coordinator, overrides, field, message
):
    english.force_login(coordinator)

    response = english.post(reverse("hosts:create"), form_data(**overrides))

    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert HostCompany.objects.count() == 0


def test_coordinator_edits_a_host_and_the_change_is_audited(english, coordinator):
    host = HostCompanyFactory.create(name="Hotel Mar Azul", city="Valencia")
    english.force_login(coordinator)

    english.post(reverse("hosts:edit", args=[host.public_id]), form_data(city="Alicante"))

    host.refresh_from_db()
    assert host.city == "Alicante"
    entry = AuditEntry.objects.get(object_id=str(host.public_id), action="change")
    assert entry.changes["city"] == ["Valencia", "Alicante"]


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_only_coordinators_create_or_edit_hosts(client, request, role):
    host = HostCompanyFactory.create(city="Valencia")
    client.force_login(request.getfixturevalue(role))

    created = client.post(reverse("hosts:create"), form_data())
    edited = client.post(reverse("hosts:edit", args=[host.public_id]), form_data(city="Other"))

    host.refresh_from_db()
    assert created.status_code == edited.status_code == 403
    assert HostCompany.objects.count() == 1 and host.city == "Valencia"
