"""The coordinator's grant form on a mobility."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MobilityFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding.models import FundingTable, GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility


@pytest.fixture
def mobility(agreement, supervisor) -> Mobility:
    return MobilityFactory.create(
        destination_country="ES",
        destination_city="Valencia",
        departure_date=datetime.date(2025, 3, 3),
        return_date=datetime.date(2025, 3, 16),
        funding=Funding.ERASMUS,
        supervisor=supervisor,
    )


def url(mobility: Mobility) -> str:
    return reverse("funding:mobility-grant", args=[mobility.public_id])


def test_coordinator_sets_the_grant_and_sees_it_on_the_mobility_page(
    english, coordinator, mobility, agreement
):
    english.force_login(coordinator)

    response = english.post(
        url(mobility), {"agreement": agreement.pk, "green_travel": "on"}, follow=True
    )

    # 14 + 6 green travel days = 20 funded days: 14 x 80 + 6 x 56 = 1,456; green €417;
    # organisational €350. Total 1,456 + 417 + 350 = €2,223.
    page = response.content.decode()
    assert "The Erasmus+ grant is saved." in page
    assert "<td>€2,223.00</td>" in page
    assert MobilityGrant.objects.get().computed_total == Decimal(2223)


def test_coordinator_sets_a_total_by_hand_with_a_reason(english, coordinator, mobility, agreement):
    english.force_login(coordinator)

    english.post(
        url(mobility),
        {"agreement": agreement.pk, "override_total": "1500", "override_reason": "Ingekort"},
    )

    grant = MobilityGrant.objects.get()
    assert grant.total == Decimal(1500)
    assert AuditEntry.objects.filter(object_type="funding.mobilitygrant", note="Ingekort").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"override_total": "1500", "override_reason": ""}, "Give a reason"),
        ({"override_total": "-5", "override_reason": "Terug"}, "greater than or equal to 0"),
    ],
)
def test_grant_form_refuses_bad_input_and_saves_nothing(
    english, coordinator, mobility, agreement, data, message
):
    english.force_login(coordinator)

    response = english.post(url(mobility), {"agreement": agreement.pk, **data})

    assert message in response.content.decode()
    assert not MobilityGrant.objects.exists()


def test_grant_form_refuses_an_agreement_that_does_not_cover_the_stay(
    english, coordinator, mobility, agreement
):
    Mobility.objects.filter(pk=mobility.pk).update(departure_date=datetime.date(2024, 12, 1))
    english.force_login(coordinator)

    response = english.post(url(mobility), {"agreement": agreement.pk})

    assert "does not cover a mobility from 2024-12-01" in response.content.decode()
    assert not MobilityGrant.objects.exists()


def test_supervisor_sees_the_grant_but_may_not_change_it(english, supervisor, mobility, agreement):
    english.force_login(supervisor)

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    response = english.post(url(mobility), {"agreement": agreement.pk})

    assert "The grant has not been computed yet." in page
    assert "Change the grant" not in page
    assert response.status_code == 403
    assert not MobilityGrant.objects.exists()


# The overview and the grant agreements


def test_overview_shows_the_tables_marked_as_examples_and_the_agreements(
    english, coordinator, agreement, django_assert_max_num_queries
):
    english.force_login(coordinator)

    # 16: the agreements' totals (funding/totals.py) add their grants and funding tables,
    # the grant policy (funding/policy.py) one query; the header's unread count one.
    with django_assert_max_num_queries(17):
        page = english.get(reverse("funding:overview")).content.decode()

    assert "Example rates: replace them with the rates in your grant agreement." in page
    assert '<th scope="row">500-1999 km</th><td>€309.00</td><td>€417.00</td>' in page
    assert "2024-1-NL01-KA121-VET-000123456" in page


def agreement_data(**overrides: str) -> dict[str, str]:
    return {
        "name": "Accreditatie 2025",
        "project_number": "2025-1-NL01-KA121-VET-000999999",
        "call_year": "2025",
        "start": "2025-06-01",
        "end": "2027-05-31",
        "budget": "120000",
    } | overrides


def test_coordinator_adds_a_grant_agreement(english, coordinator, db):
    english.force_login(coordinator)

    response = english.post(reverse("funding:agreement-new"), agreement_data(), follow=True)

    assert "The grant agreement is saved." in response.content.decode()
    saved = GrantAgreement.objects.get()
    assert (saved.call_year, saved.budget) == (2025, Decimal(120000))
    assert AuditEntry.objects.filter(object_type="funding.grantagreement").count() == 1


def test_coordinator_changes_a_grant_agreement(english, coordinator, agreement):
    english.force_login(coordinator)
    url = reverse("funding:agreement-edit", args=[agreement.public_id])

    english.post(url, agreement_data(project_number=agreement.project_number, budget="90000"))

    agreement.refresh_from_db()
    assert agreement.budget == Decimal(90000)
    entry = AuditEntry.objects.get(object_type="funding.grantagreement")
    assert set(entry.changes) >= {"budget"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"budget": "-1"}, "greater than or equal to 0"),
        ({"end": "2025-01-01"}, "The project period cannot end before it starts."),
    ],
)
def test_grant_agreement_form_refuses_bad_input(english, coordinator, db, overrides, message):
    english.force_login(coordinator)

    response = english.post(reverse("funding:agreement-new"), agreement_data(**overrides))

    assert message in response.content.decode()
    assert not GrantAgreement.objects.exists()


def test_overview_is_refused_to_a_supervisor(english, supervisor):
    english.force_login(supervisor)

    response = english.get(reverse("funding:overview"))

    assert response.status_code == 403
    assert "Grant agreements" not in response.content.decode()


# Funding tables


def filled_in(response) -> dict[str, str]:
    """What the browser would send back for the form as shown, unchanged."""
    data: dict[str, str] = {}
    forms = [response.context["form"]]
    for formset in (response.context["rates"], response.context["bands"]):
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif value is not None and value is not False:
                data[field.html_name] = str(value)
    return data


def test_coordinator_changes_a_travel_band_of_the_table(english, coordinator, agreement):
    english.force_login(coordinator)
    url = reverse("funding:table-edit", args=[2024])
    data = filled_in(english.get(url))
    assert data["bands-2-minimum_km"] == "500"

    response = english.post(url, data | {"bands-2-standard": "320.00"}, follow=True)

    assert "The funding table is saved." in response.content.decode()
    table = FundingTable.objects.get(call_year=2024)
    assert table.travel_bands.get(minimum_km=500).standard == Decimal(320)
    entry = AuditEntry.objects.get(object_type="funding.fundingtable")
    assert entry.changes == {"travel_bands": ["", ""]} and entry.note == ""


def test_coordinator_adds_a_table_for_a_new_call_year(english, coordinator, db):
    english.force_login(coordinator)
    url = reverse("funding:table-new")
    data = filled_in(english.get(url)) | {
        "call_year": "2025",
        "source": "Subsidieovereenkomst 2025, bijlage IV",
        "organisational_support": "350",
        "inclusion_support": "100",
        "rates-0-country_group": "1",
        "rates-0-day_rate": "100",
        "rates-0-day_rate_from_day_15": "70",
        "bands-0-minimum_km": "10",
        "bands-0-maximum_km": "99",
        "bands-0-standard": "28",
    }

    response = english.post(url, data)

    assert response.status_code == 302

    table = FundingTable.objects.get(call_year=2025)
    assert table.unit_costs().day_rates == {1: (Decimal(100), Decimal(70))}
    assert [(b.minimum_km, b.maximum_km, b.green) for b in table.travel_bands.all()] == [
        (10, 99, None)
    ]


def test_table_form_refuses_a_negative_amount_and_saves_nothing(english, coordinator, agreement):
    english.force_login(coordinator)
    url = reverse("funding:table-edit", args=[2024])
    data = filled_in(english.get(url)) | {"bands-2-standard": "-1"}

    response = english.post(url, data)

    assert "greater than or equal to 0" in response.content.decode()
    table = FundingTable.objects.get(call_year=2024)
    assert table.travel_bands.get(minimum_km=500).standard == Decimal(309)
    assert not AuditEntry.objects.filter(object_type="funding.fundingtable").exists()
