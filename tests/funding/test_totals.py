"""The school's Erasmus+ totals per grant agreement, and the participant list export."""

import csv
import datetime
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import MobilityFactory, ProgrammeFactory, StudentFactory
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.phrases import render
from wegwijzer.funding import demo, totals
from wegwijzer.funding.models import FundingTable, GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility, Outcome
from wegwijzer.programmes.models import Programme

D = datetime.date


@pytest.fixture
def agreement(db, settings) -> GrantAgreement:
    settings.SCHOOL_CITY = "Utrecht, NL"
    # The 2024 table: 2 funded travel days standard, 6 green; the 2024 travel bands.
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret
    return GrantAgreement.objects.create(
        name="Accreditatie 2024",
        project_number="2024-1-NL01-KA121-VET-000123456",
        call_year=2024,
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        budget=Decimal(10000),
    )


def granted(
    agreement: GrantAgreement,
    *,
    student_name: tuple[str, str],
    programme: Programme,
    country: str,
    city: str,
    dates: tuple[datetime.date, datetime.date],
    computed: str,
    outcome: str = Outcome.IN_PROGRESS,
    actual_return: datetime.date | None = None,
    override: str | None = None,
    green: bool = False,
    fewer_opportunities: bool = False,
    distance_km: int = 1000,
) -> MobilityGrant:
    """A mobility with its grant as set_grant would have stored it."""
    first_name, last_name = student_name
    mobility = MobilityFactory.create(
        student=StudentFactory.create(
            first_name=first_name, last_name=last_name, programme=programme
        ),
        destination_country=country,
        destination_city=city,
        departure_date=dates[0],
        return_date=dates[1],
        actual_return_date=actual_return,
        outcome=outcome,
        funding=Funding.ERASMUS,
    )
    return MobilityGrant.objects.create(
        mobility=mobility,
        agreement=agreement,
        green_travel=green,
        fewer_opportunities=fewer_opportunities,
        distance_km=distance_km,
        computed_total=Decimal(computed),
        override_total=None if override is None else Decimal(override),
        override_reason="Korter verblijf" if override else "",
    )


@pytest.fixture
def programmes(db) -> tuple[Programme, Programme]:
    return ProgrammeFactory.create(name="Kok"), ProgrammeFactory.create(name="Verzorgende")


@pytest.fixture
def grants(agreement, programmes) -> dict[str, MobilityGrant]:
    """One of each kind: planned, completed (set by hand), broken off, cancelled, no-go."""
    cook, carer = programmes
    return {
        # 14 days abroad + 6 green travel days = 20 funded days.
        "anna": granted(
            agreement, student_name=("Anna", "Aalbers"), programme=cook, country="ES",
            city="Valencia", dates=(D(2025, 3, 3), D(2025, 3, 16)), computed="2223.00",
            green=True, distance_km=1466,
        ),
        # 30 days + 2 = 32 funded days; computed €2,500 but set by hand to €2,000.
        "bram": granted(
            agreement, student_name=("Bram", "Bakker"), programme=cook, country="DK",
            city="Copenhagen", dates=(D(2025, 4, 1), D(2025, 4, 30)), computed="2500.00",
            outcome=Outcome.COMPLETED, override="2000.00", fewer_opportunities=True,
            distance_km=620,
        ),
        # Planned to 29 June, back on 20 May: 20 days abroad + 2 = 22 funded days.
        "chris": granted(
            agreement, student_name=("Chris", "Claes"), programme=carer, country="PL",
            city="Kraków", dates=(D(2025, 5, 1), D(2025, 6, 29)), computed="1500.00",
            outcome=Outcome.BROKEN_OFF, actual_return=D(2025, 5, 20),
        ),
        "dana": granted(
            agreement, student_name=("Dana", "Dekker"), programme=carer, country="ES",
            city="Madrid", dates=(D(2025, 9, 1), D(2025, 9, 30)), computed="1800.00",
            outcome=Outcome.CANCELLED,
        ),
        "eva": granted(
            agreement, student_name=("Eva", "Evers"), programme=cook, country="FR",
            city="Lyon", dates=(D(2025, 10, 1), D(2025, 10, 20)), computed="900.00",
            outcome=Outcome.NOT_GOING,
        ),
    }  # fmt: skip


# The totals, computed by hand


def test_totals_count_planned_realised_and_broken_off_by_hand(agreement, grants):
    found = totals.totals_for(agreement)

    assert found.planned == totals.Tally(1, 14, 20, Decimal("2223.00"))
    # Bram (set by hand: €2,000) and Chris (broken off, counted up to the actual return).
    assert found.realised == totals.Tally(2, 30 + 20, 32 + 22, Decimal("3500.00"))
    assert found.broken_off == totals.Tally(1, 20, 22, Decimal("1500.00"))
    assert found.not_taking_place == 2
    assert found.committed == Decimal("2223.00")
    assert found.remaining == Decimal("4277.00")  # 10,000 - 2,223 - 3,500
    assert not found.over_budget
    assert [p.mobility.student.first_name for p in found.participants] == ["Anna", "Bram", "Chris"]


def test_totals_break_down_by_country_group_and_programme(english_messages, agreement, grants):
    found = totals.totals_for(agreement)

    groups = {line.label: (line.planned, line.realised) for line in found.by_country_group}
    assert groups == {
        "group 1": (totals.Tally(), totals.Tally(1, 30, 32, Decimal(2000))),
        "group 2": (totals.Tally(1, 14, 20, Decimal(2223)), totals.Tally()),
        "group 3": (totals.Tally(), totals.Tally(1, 20, 22, Decimal(1500))),
    }
    programmes = {line.label: (line.planned, line.realised) for line in found.by_programme}
    assert programmes == {
        "Kok (level 3)": (
            totals.Tally(1, 14, 20, Decimal(2223)),
            totals.Tally(1, 30, 32, Decimal(2000)),
        ),
        "Verzorgende (level 3)": (totals.Tally(), totals.Tally(1, 20, 22, Decimal(1500))),
    }


def test_totals_leave_out_the_grants_of_another_agreement(agreement, grants, programmes):
    other = GrantAgreement.objects.create(
        name="Project 2025", project_number="2025-1-NL01-KA121-VET-000000002", call_year=2024,
        start=D(2025, 1, 1), end=D(2025, 12, 31), budget=Decimal(5000),
    )  # fmt: skip
    granted(
        other, student_name=("Fien", "Faber"), programme=programmes[0], country="DE",
        city="Berlin", dates=(D(2025, 3, 1), D(2025, 3, 20)), computed="999.00",
    )  # fmt: skip

    mine, theirs = totals.totals_of([agreement, other])

    assert mine.planned.amount == Decimal("2223.00")
    assert theirs.planned == totals.Tally(1, 20, 22, Decimal("999.00"))
    assert theirs.remaining == Decimal("4001.00")


def test_a_stay_no_longer_funded_by_erasmus_leaves_the_totals(agreement, grants):
    # Its grant row stays (paid instalments hang on it), but it spends nothing of the budget.
    Mobility.objects.filter(pk=grants["anna"].mobility_id).update(funding=Funding.OTHER)

    found = totals.totals_for(agreement)

    assert found.planned == totals.Tally()
    assert [p.mobility.student.first_name for p in found.participants] == ["Bram", "Chris"]


def test_a_stay_in_no_country_group_is_counted_apart(english_messages, agreement, programmes):
    granted(
        agreement, student_name=("Gijs", "Goossens"), programme=programmes[0], country="ZA",
        city="Cape Town", dates=(D(2025, 2, 1), D(2025, 4, 1)), computed="3000.00",
        distance_km=9600,
    )  # fmt: skip

    found = totals.totals_for(agreement)

    assert [line.label for line in found.by_country_group] == ["In no country group"]
    assert found.participants[0].distance_band == "8000 km or more"


def test_the_dutch_caribbean_counts_in_the_group_the_funding_table_sets(
    english_messages, agreement, programmes
):
    FundingTable.objects.filter(call_year=2024).update(dutch_caribbean_group=1)
    granted(
        agreement, student_name=("Iris", "Isebia"), programme=programmes[0], country="CW",
        city="Willemstad", dates=(D(2025, 2, 1), D(2025, 4, 1)), computed="3000.00",
        distance_km=7800,
    )  # fmt: skip

    found = totals.totals_for(agreement)

    assert [line.label for line in found.by_country_group] == ["group 1"]


def test_overview_says_the_school_checks_the_dutch_caribbeans_group(english, coordinator):
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret
    english.force_login(coordinator)

    page = english.get(reverse("funding:overview")).content.decode()

    assert "Dutch Caribbean" in page
    assert "The school checks it against its grant agreement." in page


# The totals page


def totals_url(agreement: GrantAgreement) -> str:
    return reverse("funding:agreement-totals", args=[agreement.public_id])


def test_coordinator_sees_the_totals_of_an_agreement(english, coordinator, agreement, grants):
    english.force_login(coordinator)

    page = english.get(totals_url(agreement)).content.decode()

    assert "Erasmus+ totals: Accreditatie 2024" in page
    assert "<dt>Committed</dt><dd>€2,223.00</dd>" in page
    assert "<dt>Realised</dt><dd>€3,500.00</dd>" in page
    assert "<dt>Remaining</dt><dd>€4,277.00</dd>" in page
    assert "exceed the budget" not in page
    assert (
        '<th scope="row">Of which broken off abroad</th><td data-label="Participants">1</td>'
        in page
    )
    assert "2 mobilities with a grant in this agreement were cancelled or are not going" in page
    assert 'id="broken-off-title">Broken off abroad</h2>' in page
    assert "Chris Claes" in page
    assert "Dana Dekker" not in page  # cancelled: counted, not listed
    assert "€2,000.00 (set by hand)" in page


def test_totals_page_warns_when_the_budget_is_exceeded(english, coordinator, agreement, grants):
    GrantAgreement.objects.filter(pk=agreement.pk).update(budget=Decimal(5000))
    english.force_login(coordinator)

    page = english.get(totals_url(agreement)).content.decode()

    assert "The grants committed and realised exceed the budget by €723.00." in page


def test_without_a_funding_table_the_days_have_no_travel_days(
    english, coordinator, agreement, grants
):
    GrantAgreement.objects.filter(pk=agreement.pk).update(call_year=2030)
    agreement.refresh_from_db()
    english.force_login(coordinator)

    page = english.get(totals_url(agreement)).content.decode()

    assert totals.totals_for(agreement).planned == totals.Tally(1, 14, 14, Decimal("2223.00"))
    assert "There is no funding table for the call year 2030" in page


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_totals_and_exports_are_refused_to_everyone_but_the_coordinator(
    english, request, agreement, grants, role
):
    english.force_login(request.getfixturevalue(role))

    for name in (
        "funding:agreement-totals",
        "funding:participants-csv",
        "funding:participants-xlsx",
    ):
        response = english.get(reverse(name, args=[agreement.public_id]))

        assert response.status_code == 403
        # The supervisor's own generated name may start with "Anna"; the surname may not leak.
        assert "Aalbers" not in response.content.decode()
    assert not AuditEntry.objects.filter(object_type="funding.grantagreement").exists()


def test_overview_shows_each_agreements_totals_and_links_them(
    english, coordinator, agreement, grants
):
    GrantAgreement.objects.filter(pk=agreement.pk).update(budget=Decimal(5000))
    english.force_login(coordinator)

    page = english.get(reverse("funding:overview")).content.decode()

    assert (
        '<td data-label="Participants">3</td><td data-label="Committed">€2,223.00</td>'
        '<td data-label="Realised">€3,500.00</td>'
        '<td data-label="Remaining"><strong class="gap">€723.00 over budget</strong></td></tr>'
    ) in page
    assert f'href="{totals_url(agreement)}"' in page


# The participant list


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_csv_lists_the_participants_with_the_reporting_fields(
    english, coordinator, agreement, grants
):
    english.force_login(coordinator)

    response = english.get(reverse("funding:participants-csv", args=[agreement.public_id]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="erasmus-participants-2024-1-nl01-ka121-vet-000123456.csv"'
    )
    rows = csv_rows(response)
    assert [row["Participant"] for row in rows] == ["Anna Aalbers", "Bram Bakker", "Chris Claes"]
    assert rows[1] == {
        "Participant": "Bram Bakker",
        "Student number": grants["bram"].mobility.student.student_number,
        "Programme": "Kok (level 3)",
        "Start": "2025-04-01",
        "End": "2025-04-30",
        "Days abroad": "30",
        "Travel days": "2",
        "Funded days": "32",
        "Sending country": "Netherlands",
        "Sending city": "Utrecht",
        "Receiving country": "Denmark",
        "Receiving city": "Copenhagen",
        "Country group": "1",
        "Distance in km": "620",
        "Distance band": "500-1999 km",
        "Green travel": "no",
        "Fewer opportunities": "yes",
        "Computed grant": "2500.00",
        "Grant set by hand": "2000.00",
        "Grant": "2000.00",
        "Outcome": "Completed",
    }
    assert (rows[0]["Travel days"], rows[0]["Green travel"], rows[0]["Grant set by hand"]) == (
        "6",
        "yes",
        "",
    )
    assert (rows[2]["End"], rows[2]["Days abroad"], rows[2]["Outcome"]) == (
        "2025-05-20",
        "20",
        "Broken off abroad",
    )


def test_csv_holds_no_date_of_birth_or_contact_details(english, coordinator, agreement, grants):
    english.force_login(coordinator)

    response = english.get(reverse("funding:participants-csv", args=[agreement.public_id]))

    text = response.getvalue().decode("utf-8-sig")
    assert "2007-05-01" not in text  # the factory's date of birth
    assert not {"Date of birth", "E-mail", "Phone"} & set(next(csv.reader(io.StringIO(text))))


def test_csv_headings_follow_the_users_language(client, coordinator, agreement, grants):
    client.force_login(coordinator)  # Dutch is the default

    response = client.get(reverse("funding:participants-csv", args=[agreement.public_id]))

    assert "Deelnemer" in next(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_csv_keeps_text_that_looks_like_a_formula_from_running(
    english, coordinator, agreement, programmes
):
    granted(
        agreement, student_name=('=HYPERLINK("http://evil.example")', "Hugo"),
        programme=programmes[0], country="ES", city="@SUM(A1)",
        dates=(D(2025, 3, 3), D(2025, 3, 16)), computed="2000.00",
    )  # fmt: skip
    english.force_login(coordinator)

    response = english.get(reverse("funding:participants-csv", args=[agreement.public_id]))

    row = csv_rows(response)[0]
    assert row["Participant"] == '\'=HYPERLINK("http://evil.example") Hugo'
    assert row["Receiving city"] == "'@SUM(A1)"


def test_xlsx_holds_the_same_rows_with_numbers_as_numbers_and_text_as_text(
    english, coordinator, agreement, grants
):
    Mobility.objects.filter(pk=grants["anna"].mobility_id).update(destination_city="=1+1")
    english.force_login(coordinator)

    response = english.get(reverse("funding:participants-xlsx", args=[agreement.public_id]))

    assert response["Content-Disposition"] == (
        'attachment; filename="erasmus-participants-2024-1-nl01-ka121-vet-000123456.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    headings, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    values = [dict(zip(headings, row, strict=True)) for row in rows]
    assert [row["Participant"] for row in values] == ["Anna Aalbers", "Bram Bakker", "Chris Claes"]
    assert values[0]["Receiving city"] == "=1+1"
    assert sheet["L2"].data_type == "s"
    assert values[1]["Start"] == datetime.datetime(2025, 4, 1)
    assert (values[1]["Funded days"], values[1]["Grant"]) == (32, 2000)
    assert values[0]["Grant set by hand"] is None


def test_each_export_leaves_an_entry_in_the_audit_trail(english, coordinator, agreement, grants):
    english.force_login(coordinator)

    english.get(reverse("funding:participants-csv", args=[agreement.public_id]))
    english.get(reverse("funding:participants-xlsx", args=[agreement.public_id]))
    english.get(totals_url(agreement))

    entries = AuditEntry.objects.filter(object_type="funding.grantagreement").order_by("pk")
    with translation.override("en"):
        notes = [(e.action, e.actor, render(e.texts["note"])) for e in entries]
    assert notes == [
        (Action.VIEW, coordinator, "CSV: 2024-1-NL01-KA121-VET-000123456, participants listed: 3"),
        (Action.VIEW, coordinator, "XLSX: 2024-1-NL01-KA121-VET-000123456, participants listed: 3"),
    ]
    assert entries[0].object_label == "Erasmus+ participant list"
    assert "Anna" not in entries[0].note


# Queries do not grow with the number of mobilities


def many(agreement: GrantAgreement, count: int) -> None:
    programme = ProgrammeFactory.create()
    for number in range(count):
        granted(
            agreement, student_name=("Student", f"{number:03d}"), programme=programme,
            country=["ES", "DK", "PL"][number % 3], city="Somewhere",
            dates=(D(2025, 3, 3), D(2025, 3, 16)), computed="1000.00",
            outcome=[Outcome.IN_PROGRESS, Outcome.COMPLETED, Outcome.CANCELLED][number % 3],
        )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "funding:agreement-totals",
        "funding:participants-csv",
        "funding:participants-xlsx",
        "funding:overview",
    ],
)
def test_pages_and_exports_take_the_same_queries_for_3_or_30_mobilities(
    english, coordinator, agreement, name
):
    english.force_login(coordinator)
    url = reverse(name, args=[] if name == "funding:overview" else [agreement.public_id])
    many(agreement, 3)
    # An export reads its rows while it is sent (getvalue): counted with it.
    with CaptureQueriesContext(connection) as few:
        assert english.get(url).getvalue()

    many(agreement, 27)
    with CaptureQueriesContext(connection) as more:
        response = english.get(url)
        response.getvalue()

    assert response.status_code == 200
    assert len(more) == len(few) <= 17  # 16 and the header's unread count
    if name == "funding:agreement-totals":
        # 30 mobilities: 10 planned, 10 completed, 10 cancelled.
        assert "10 mobilities with a grant in this agreement were cancelled" in (
            response.content.decode()
        )
