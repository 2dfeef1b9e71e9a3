"""The demo's grant agreements cover every demo stay funded by Erasmus+, each with its grant."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding.models import FundingTable, GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_settings(settings):
    settings.DEBUG = True
    settings.SCHOOL_CITY = "Utrecht, NL"


def snapshot() -> dict[str, object]:
    return {
        "agreements": sorted(GrantAgreement.objects.values_list("project_number", "start", "end")),
        "tables": sorted(FundingTable.objects.values_list("call_year", "source")),
        "grants": sorted(
            MobilityGrant.objects.values_list("mobility_id", "computed_total", "override_total")
        ),
        "audit": AuditEntry.objects.filter(object_type="funding.mobilitygrant").count(),
    }


# 30 November: the stays need last year's call and this year's. 20 April: a stay that
# starts next January runs past the end of both, so this year's call comes in as well.
@pytest.mark.parametrize(
    ("loaded_on", "call_years"),
    [(datetime.date(2026, 11, 30), [2025, 2026]), (datetime.date(2026, 4, 20), [2024, 2025, 2026])],
)
def test_demo_gives_every_erasmus_stay_a_grant_from_an_agreement_covering_it(
    demo_settings, monkeypatch, loaded_on, call_years
):
    monkeypatch.setattr(timezone, "localdate", lambda *args: loaded_on)

    call_command("load_demo", "--quiet-logins")

    erasmus = Mobility.objects.filter(funding=Funding.ERASMUS).select_related("grant__agreement")
    assert erasmus.count() >= 15
    for mobility in erasmus:
        agreement = mobility.grant.agreement
        end = mobility.actual_return_date or mobility.return_date
        assert agreement.start <= mobility.departure_date and end <= agreement.end
        assert mobility.grant.computed_total > 0
    assert sorted(GrantAgreement.objects.values_list("call_year", flat=True)) == call_years


def test_demo_grants_vary_in_travel_inclusion_and_a_total_set_by_hand(demo_settings):
    call_command("load_demo", "--quiet-logins")

    grants = MobilityGrant.objects.all()
    assert grants.filter(green_travel=True).exists()
    assert grants.filter(green_travel=False).exists()
    assert grants.filter(fewer_opportunities=True).count() == 2
    [by_hand] = grants.exclude(override_total=None)
    assert by_hand.override_reason
    assert by_hand.total == by_hand.override_total != by_hand.computed_total


def test_demo_tables_say_their_rates_are_examples_and_where_the_bands_come_from(demo_settings):
    call_command("load_demo", "--quiet-logins")

    tables = {table.call_year: table for table in FundingTable.objects.all()}
    assert set(tables) > {2024}
    assert all(table.is_example for table in tables.values())
    assert tables[2024].source.startswith("Reisbanden: Erasmus+-oproep 2024")
    for year, table in tables.items():
        if year != 2024:
            assert f"VOORBEELD voor de oproep {year}" in table.source
            assert "overgenomen van de Erasmus+-oproep 2024" in table.source


def test_demo_loaded_twice_adds_no_agreement_table_or_grant(demo_settings):
    call_command("load_demo", "--quiet-logins")
    first = snapshot()

    call_command("load_demo", "--quiet-logins")

    assert snapshot() == first


def test_demo_without_the_schools_city_leaves_the_grants_out(settings):
    settings.DEBUG = True
    settings.SCHOOL_CITY = ""

    call_command("load_demo", "--quiet-logins")

    assert GrantAgreement.objects.count() == 2
    assert not MobilityGrant.objects.exists()
