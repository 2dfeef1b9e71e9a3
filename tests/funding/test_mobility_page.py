"""The grant on the mobility page: line by line for the coordinator and the stay's
supervisor, not for the mentor or the student."""

import datetime
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import MobilityFactory
from wegwijzer.funding import demo
from wegwijzer.funding.models import FundingTable, GrantAgreement
from wegwijzer.funding.services import override_total, set_grant
from wegwijzer.mobilities.models import Funding, Mobility


@pytest.fixture
def mobility(db, settings, coordinator, supervisor, mentor) -> Mobility:
    settings.SCHOOL_CITY = "Utrecht, NL"
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret
    agreement = GrantAgreement.objects.create(
        name="Accreditatie 2024",
        project_number="2024-1-NL01-KA121-VET-000123456",
        call_year=2024,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        budget=Decimal(100000),
    )
    mobility = MobilityFactory.create(
        destination_country="ES",
        destination_city="Valencia",
        departure_date=datetime.date(2025, 3, 3),
        return_date=datetime.date(2025, 3, 16),
        funding=Funding.ERASMUS,
        supervisor=supervisor,
        student__mentor=mentor,
    )
    set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip
    return mobility


@pytest.mark.parametrize("role", ["coordinator", "supervisor"])
def test_mobility_page_shows_the_grant_line_by_line(english, mobility, role, request):
    english.force_login(request.getfixturevalue(role))

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    # 14 + 2 = 16 funded days: 14 x 80 = 1,120 and 2 x 56 = 112; 1,466 km: €309;
    # organisational €350. Total 1,120 + 112 + 309 + 350 = €1,891.
    assert '<h2 id="grant-title">Erasmus+ grant</h2>' in page
    assert "14 days abroad + 2 travel days = 16 funded days" in page
    assert "<td>€1,120.00</td>" in page
    assert "<td>€112.00</td>" in page
    assert "<td>€309.00</td>" in page
    assert "<td>€1,891.00</td>" in page
    assert "(example rates)" in page
    # The table's source is said once, under the lines, not on each of them.
    source = FundingTable.objects.get(call_year=mobility.grant.agreement.call_year).source
    assert page.count(escape(source)) == 1


def test_mobility_page_shows_a_total_set_by_hand_with_its_reason(english, mobility, coordinator):
    override_total(mobility.grant, by=coordinator, total=Decimal(1500), reason="Verblijf ingekort")
    english.force_login(coordinator)

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert "Set by hand: €1,500.00." in page
    assert "Verblijf ingekort" in page


def test_mobility_page_hides_the_grant_from_the_mentor(english, mobility, mentor):
    english.force_login(mentor)

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert mobility.destination_city in page
    assert '<h2 id="grant-title">' not in page
    assert "€1,891.00" not in page


def test_mobility_page_says_what_is_wrong_when_the_facts_no_longer_fit(
    english, mobility, coordinator
):
    Mobility.objects.filter(pk=mobility.pk).update(departure_date=datetime.date(2024, 12, 1))
    english.force_login(coordinator)

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert "does not cover a mobility from 2024-12-01" in page
