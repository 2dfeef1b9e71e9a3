"""A mobility's grant, set through the services, from the demo's 2024 table (example day
rates: group 2 €80 for days 1-14, €56 from day 15; organisational support €350; inclusion
support €100) and the school in Utrecht."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import MobilityFactory
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.funding.services import override_total, set_grant
from wegwijzer.mobilities.models import Funding, Mobility, Outcome
from wegwijzer.mobilities.services import update_mobility
from wegwijzer.privacy.erasure import erase_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def valencia(**facts):
    # 3 to 16 March 2025: 14 days abroad.
    arguments = {
        "destination_country": "ES",
        "destination_city": "Valencia",
        "departure_date": datetime.date(2025, 3, 3),
        "return_date": datetime.date(2025, 3, 16),
        "funding": Funding.ERASMUS,
    }
    return MobilityFactory.create(**(arguments | facts))


def test_set_grant_keeps_the_computed_total_and_audits_it(agreement, coordinator):
    mobility = valencia()

    grant = set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False, fewer_opportunities=True
    )

    # 14 + 2 travel days = 16 funded days: 14 x 80 + 2 x 56 = 1,232; 1,466 km: €309;
    # organisational €350; inclusion €100. Total 1,232 + 309 + 350 + 100 = €1,991.
    grant.refresh_from_db()
    assert grant.computed_total == Decimal(1991)
    assert grant.total == Decimal(1991)
    assert grant.distance_km == pytest.approx(1466, rel=0.01)
    entry = AuditEntry.objects.get(object_type="funding.mobilitygrant")
    assert entry.action == Action.CREATE
    assert entry.mobility == mobility


def test_set_grant_again_recomputes_with_the_new_facts(agreement, coordinator):
    mobility = valencia()
    set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False, fewer_opportunities=False
    )

    grant = set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=True, fewer_opportunities=False
    )

    # 14 + 6 green travel days = 20 funded days: 14 x 80 + 6 x 56 = 1,120 + 336 = 1,456;
    # green travel €417; organisational €350. Total 1,456 + 417 + 350 = €2,223.
    assert MobilityGrant.objects.get().computed_total == Decimal(2223)
    assert grant.green_travel
    assert AuditEntry.objects.filter(
        object_type="funding.mobilitygrant", action=Action.CHANGE
    ).exists()


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"funding": Funding.NONE}, "Only a mobility funded by Erasmus+"),
        ({"destination_city": "Nergenshuizen"}, "No city called"),
        ({"return_date": datetime.date(2025, 3, 5)}, "shorter than the minimum"),
        (
            {"departure_date": datetime.date(2024, 12, 20)},
            "does not cover a mobility from 2024-12-20",
        ),
    ],
)
def test_set_grant_refuses_bad_input_and_saves_nothing(agreement, coordinator, facts, message):
    mobility = valencia(**facts)

    with pytest.raises(ValidationError, match=message):
        set_grant(
            mobility, by=coordinator, agreement=agreement, green_travel=False,
            fewer_opportunities=False,
        )  # fmt: skip

    assert not MobilityGrant.objects.exists()


def test_set_grant_refuses_an_agreement_without_a_funding_table(agreement, coordinator):
    agreement.call_year = 2023
    agreement.save()

    with pytest.raises(ValidationError, match="no funding table for the call year 2023"):
        set_grant(
            valencia(), by=coordinator, agreement=agreement, green_travel=False,
            fewer_opportunities=False,
        )  # fmt: skip

    assert not MobilityGrant.objects.exists()


def test_override_total_needs_a_reason_and_is_audited(agreement, coordinator):
    grant = set_grant(
        valencia(), by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip

    override_total(grant, by=coordinator, total=Decimal(1500), reason="Verblijf ingekort")

    grant.refresh_from_db()
    assert grant.total == Decimal(1500)
    assert grant.override_reason == "Verblijf ingekort"
    entry = AuditEntry.objects.filter(object_type="funding.mobilitygrant").order_by("pk").last()
    assert entry is not None
    assert entry.note == "Verblijf ingekort"


@pytest.mark.parametrize(
    ("total", "reason", "message"),
    [(Decimal(-1), "Teruggevorderd", "cannot be negative"), (Decimal(1500), " ", "Give a reason")],
)
def test_override_total_refuses_a_negative_amount_or_no_reason(
    agreement, coordinator, total, reason, message
):
    grant = set_grant(
        valencia(), by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip

    with pytest.raises(ValidationError, match=message):
        override_total(grant, by=coordinator, total=total, reason=reason)

    grant.refresh_from_db()
    assert grant.override_total is None


def test_erasing_the_student_keeps_the_amounts_and_empties_the_reason(agreement, coordinator):
    mobility = valencia()
    grant = set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip
    override_total(grant, by=coordinator, total=Decimal(1500), reason="Ziek geworden")
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.COMPLETED)

    erase_student(mobility.student, by=coordinator)

    grant.refresh_from_db()
    assert grant.override_total == Decimal(1500)
    assert grant.computed_total == Decimal(1891)  # 14 x 80 + 2 x 56 + 309 + 350 = 1,891
    assert grant.override_reason == ""


def test_changing_the_mobilitys_dates_recomputes_the_grant(agreement, coordinator):
    mobility = valencia()
    set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip

    update_mobility(
        mobility, by=coordinator, version=None, changes={"return_date": datetime.date(2025, 3, 12)}
    )

    # 3 to 12 March: 10 days + 2 travel days = 12 funded days x 80 = 960; + 309 + 350 = 1,619.
    assert MobilityGrant.objects.get().computed_total == Decimal(1619)


def test_the_grant_counts_the_days_from_the_actual_departure(agreement, coordinator):
    mobility = valencia()
    set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip

    update_mobility(
        mobility, by=coordinator, version=None,
        changes={"actual_departure_date": datetime.date(2025, 3, 7)},
    )  # fmt: skip

    # 7 to 16 March: 10 days + 2 travel days = 12 funded days x 80 = 960; + 309 + 350 = 1,619.
    assert MobilityGrant.objects.get().computed_total == Decimal(1619)


def test_facts_that_no_longer_fit_leave_the_grant_as_it_was(agreement, coordinator):
    mobility = valencia()
    set_grant(
        mobility, by=coordinator, agreement=agreement, green_travel=False,
        fewer_opportunities=False,
    )  # fmt: skip

    update_mobility(
        mobility, by=coordinator, version=None, changes={"destination_city": "Nergenshuizen"}
    )

    mobility.refresh_from_db()
    assert mobility.destination_city == "Nergenshuizen"
    assert MobilityGrant.objects.get().computed_total == Decimal(1891)  # as computed above


def test_grant_measures_to_the_city_chosen_in_the_search_box_among_namesakes(settings):
    from wegwijzer.funding.distance import city_by_id, distance_km, find_city, whole_km
    from wegwijzer.funding.services import destination_city

    settings.SCHOOL_CITY = "Utrecht, NL"
    city, district = city_by_id(3111108), city_by_id(6544491)
    mobility = MobilityFactory.build(
        destination_country="ES",
        destination_city="Salamanca",
        destination_city_geoname_id=3111108,
    )

    assert city and district
    assert destination_city(mobility) == city
    utrecht = find_city("Utrecht, NL")
    assert whole_km(distance_km(utrecht, city)) != whole_km(distance_km(utrecht, district))
