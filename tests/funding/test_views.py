"""The coordinator's grant form on a mobility."""

import datetime
import random
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MobilityFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding import demo
from wegwijzer.funding.models import GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility


@pytest.fixture
def agreement(db, settings) -> GrantAgreement:
    settings.SCHOOL_CITY = "Utrecht, NL"
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret
    return GrantAgreement.objects.create(
        name="Accreditatie 2024",
        project_number="2024-1-NL01-KA121-VET-000123456",
        call_year=2024,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        budget=Decimal(100000),
    )


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
    assert "<td>€2223.00</td>" in page
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
