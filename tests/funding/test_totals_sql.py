"""The totals the database adds up equal the Python tally they replaced, to the cent, on
varied generated data; and the pages read as many rows for few grants as for many."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProgrammeFactory
from tests.funding.reference_totals import reference_totals
from tests.funding.test_totals import granted
from wegwijzer.funding import totals
from wegwijzer.funding.models import FundingTable, GrantAgreement, TallyStale
from wegwijzer.mobilities.models import Funding, Mobility, Outcome

D = datetime.date

# Group 1, 2, 3, in no group (a partner country) and the Dutch Caribbean.
COUNTRIES = ["DK", "ES", "DE", "PL", "ZA", "CW", "FR"]


def generated(agreement: GrantAgreement, seed: int, count: int) -> None:
    """Stays in every outcome, over every kind of country, with random amounts (some set by
    hand), travel, dates and actual dates, in programmes whose names differ only in case."""
    rng = random.Random(seed)  # noqa: S311 - test data, no secret
    programmes = [
        ProgrammeFactory.create(name="Kok"),
        ProgrammeFactory.create(name="kok", level=2),
        ProgrammeFactory.create(name="Verzorgende"),
    ]
    outcomes = list(Outcome)
    for number in range(count):
        start = D(2025, 1, 1) + datetime.timedelta(rng.randrange(200))
        end = start + datetime.timedelta(rng.randrange(10, 120))
        outcome = outcomes[number % len(outcomes)]
        broken_off = outcome == Outcome.BROKEN_OFF
        actual_return = start + datetime.timedelta(rng.randrange(1, (end - start).days))
        grant = granted(
            agreement, student_name=("Deelnemer", f"Q{rng.randrange(10**6):06d}Z"),
            programme=rng.choice(programmes), country=rng.choice(COUNTRIES), city="Ergens",
            dates=(start, end), computed=f"{rng.randrange(10**6) / 100:.2f}", outcome=outcome,
            actual_return=actual_return if broken_off else None,
            override=f"{rng.randrange(10**5) / 100:.2f}" if rng.random() < 0.3 else None,
            green=rng.random() < 0.4, fewer_opportunities=rng.random() < 0.2,
            distance_km=rng.randrange(10, 9000),
        )  # fmt: skip
        if rng.random() < 0.2:
            # Left a day or two later than planned.
            Mobility.objects.filter(pk=grant.mobility_id).update(
                actual_departure_date=start + datetime.timedelta(rng.randrange(3))
            )
        if rng.random() < 0.1:
            Mobility.objects.filter(pk=grant.mobility_id).update(funding=Funding.OTHER)


def assert_equal_to_the_reference(agreement: GrantAgreement) -> totals.AgreementTotals:
    found = totals.totals_for(agreement)
    expected = reference_totals(agreement)

    assert found.planned == expected.planned
    assert found.realised == expected.realised
    assert found.broken_off == expected.broken_off
    assert found.not_taking_place == expected.not_taking_place
    assert found.by_country_group == expected.by_country_group
    assert found.by_programme == expected.by_programme
    assert found.participants == expected.participants
    assert found.counted == len(expected.participants)
    return found


def test_sql_totals_equal_the_python_tally_on_generated_data(english_messages, agreement):
    FundingTable.objects.filter(call_year=2024).update(dutch_caribbean_group=1)
    generated(agreement, 16, 60)

    found = assert_equal_to_the_reference(agreement)

    # The data holds what the comparison is about.
    assert found.planned.participants and found.realised.participants
    assert found.broken_off.participants and found.not_taking_place
    assert len(found.by_country_group) == 4
    assert found.planned.amount != found.planned.amount.quantize(Decimal(1))


def test_sql_totals_equal_the_python_tally_without_a_funding_table(english_messages, agreement):
    GrantAgreement.objects.filter(pk=agreement.pk).update(call_year=2031)
    agreement.refresh_from_db()
    generated(agreement, 7, 20)

    found = assert_equal_to_the_reference(agreement)

    assert not found.has_table
    assert found.planned.funded_days == found.planned.days_abroad


def test_sql_totals_of_an_agreement_without_grants_are_zero(agreement):
    found = totals.totals_for(agreement)

    assert (found.planned, found.realised, found.not_taking_place) == (
        totals.Tally(),
        totals.Tally(),
        0,
    )
    assert found.by_country_group == found.by_programme == []
    assert found.remaining == agreement.budget


# The pages: the same queries for few and many grants, and the list a page at a time


def test_totals_page_lists_the_participants_a_page_at_a_time(english, coordinator, agreement):
    generated(agreement, 3, 60)
    english.force_login(coordinator)
    found = totals.totals_for(agreement)
    url = reverse("funding:agreement-totals", args=[agreement.public_id])

    first = english.get(url).content.decode()
    second = english.get(url, {"page": 2}).content.decode()

    listed = [p.mobility.student.full_name for p in found.participants]
    assert found.counted > 25
    assert listed[0] in first and listed[0] not in second
    assert listed[25] in second and listed[25] not in first
    assert 'id="participant-list"' in first and 'hx-target="#participant-list"' in first


def test_totals_page_lists_only_the_stays_broken_off_when_asked(english, coordinator, agreement):
    generated(agreement, 5, 15)
    english.force_login(coordinator)
    found = totals.totals_for(agreement)
    url = reverse("funding:agreement-totals", args=[agreement.public_id])

    page = english.get(url, {"shown": "broken-off"}).content.decode()

    broken_off = [p for p in found.participants if p.broken_off]
    others = [p for p in found.participants if not p.broken_off]
    assert broken_off and others
    assert f"List the {len(broken_off)} mobilities broken off abroad" in page
    assert "Participant list: broken off abroad" in page
    for participant in broken_off:
        assert participant.grant.mobility.student.last_name in page
    for participant in others:
        assert participant.grant.mobility.student.last_name not in page


@pytest.mark.parametrize("name", ["funding:agreement-totals", "funding:overview"])
def test_totals_pages_take_the_same_queries_for_5_or_50_grants(
    english, coordinator, agreement, name, django_assert_num_queries
):
    english.force_login(coordinator)
    url = reverse(name, args=[] if name == "funding:overview" else [agreement.public_id])
    generated(agreement, 1, 5)
    english.get(url)  # the session and caches warm
    with CaptureQueriesContext(connection) as few:
        english.get(url)
    generated(agreement, 2, 45)

    with django_assert_num_queries(len(few)):
        response = english.get(url)

    assert "Deelnemer" in response.content.decode() or name == "funding:overview"


def test_totals_page_shows_the_first_programmes_and_all_when_asked(
    english, english_messages, coordinator, agreement, monkeypatch
):
    monkeypatch.setattr("wegwijzer.funding.totals_views.PROGRAMME_LINES", 2)
    generated(agreement, 9, 12)
    english.force_login(coordinator)
    url = reverse("funding:agreement-totals", args=[agreement.public_id])
    labels = [line.label for line in totals.totals_for(agreement).by_programme]

    first = english.get(url).content.decode()
    every = english.get(url, {"programmes": "all"}).content.decode()

    def row(label: str) -> str:
        return f'<tr><th scope="row">{label[0].upper()}{label[1:]}</th>'

    assert len(labels) == 3
    assert row(labels[1]) in first and row(labels[2]) not in first
    assert "Show all 3 lines" in first
    assert row(labels[2]) in every and "Show all 3 lines" not in every


def test_totals_page_pages_its_list_by_the_totals_count(english, coordinator, agreement):
    generated(agreement, 6, 60)
    english.force_login(coordinator)
    found = totals.totals_for(agreement)
    url = reverse("funding:agreement-totals", args=[agreement.public_id])
    assert found.counted > 25 >= found.broken_off.participants > 0

    with CaptureQueriesContext(connection) as queries:
        every = english.get(url, {"page": 2}).content.decode()
    broken_off = english.get(url, {"shown": "broken-off"}).content.decode()

    pages = -(-found.counted // 25)
    assert f"Page 2 of {pages}" in every
    assert "Page 1 of" not in broken_off and 'rel="next"' not in broken_off
    # The totals counted the participants: the paginator does not count them again.
    assert not [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(*)" in query["sql"] and "funding_mobilitygrant" in query["sql"]
    ]


def test_one_agreements_totals_and_both_breakdowns_come_from_one_grouping(
    agreement, django_assert_num_queries
):
    generated(agreement, 8, 40)
    coarse = totals.totals_of([agreement])[0]
    # Without the finer rows each breakdown asks the database itself.
    coarse_lines = (coarse.by_country_group, coarse.by_programme)

    # The table, its rates and bands, the agreements marked stale, their stored tallies by
    # country; the breakdown by programme reads the stored tallies by programme when asked.
    with django_assert_num_queries(6):
        fine = totals.totals_for(agreement)
        fine_lines = (fine.by_country_group, fine.by_programme)

    assert (fine.planned, fine.realised, fine.broken_off, fine.not_taking_place) == (
        coarse.planned,
        coarse.realised,
        coarse.broken_off,
        coarse.not_taking_place,
    )
    assert fine.not_taking_place > 0 and fine.broken_off.participants > 0
    assert fine_lines == coarse_lines
    assert len(fine_lines[0]) == 4 and len(fine_lines[1]) == 3


@pytest.mark.parametrize("shown", [1, 2, 3, 4, 6])
def test_the_first_programme_lines_read_from_the_tallies_are_the_first_of_all_lines(
    agreement, shown
):
    generated(agreement, 21, 24)
    # Names that differ only in case share a line; the same name at another level does not.
    for number, (name, level) in enumerate([("KOK", 3), ("Bakker", 3), ("bakker", 2)]):
        granted(
            agreement, student_name=("Extra", f"E{number}"), programme=ProgrammeFactory.create(
                name=name, level=level
            ), country="ES", city="Madrid", dates=(D(2025, 3, 1), D(2025, 4, 1)),
            computed="100.00",
        )  # fmt: skip
    found = totals.totals_for(agreement)
    every = reference_totals(agreement).by_programme

    lines, count = found.first_programme_lines(shown)

    assert found.stored_programmes is not None  # read from the stored tallies
    assert count == len(every) == 5
    assert lines == every[:shown]
    assert found.by_programme == every


def test_the_first_programme_lines_of_an_agreement_counted_live_are_the_same(agreement):
    generated(agreement, 22, 18)
    stored = totals.totals_for(agreement).first_programme_lines(2)
    TallyStale.objects.create(agreement=agreement)

    live = totals.totals_for(agreement)

    assert live.stored_programmes is None
    assert live.first_programme_lines(2) == stored
