"""The participant list of thousands of grants: written row by row as it is read."""

import csv
import datetime
import io
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import ProgrammeFactory, StudentFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.audit.phrases import render
from wegwijzer.funding import tallies
from wegwijzer.funding.models import GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Funding, Mobility, Outcome
from wegwijzer.students.models import Student

OUTCOMES = [Outcome.IN_PROGRESS, Outcome.COMPLETED, Outcome.BROKEN_OFF, Outcome.CANCELLED]


def grants_in_bulk(agreement: GrantAgreement, count: int) -> int:
    """Grants of every outcome, made in bulk; how many are on the participant list (all
    but the cancelled ones)."""
    programme = ProgrammeFactory.create()
    students = Student.objects.bulk_create(
        StudentFactory.build(programme=programme) for _number in range(count)
    )
    mobilities = Mobility.objects.bulk_create(
        Mobility(
            student=student, destination_country="ES", destination_city="Valencia",
            departure_date=datetime.date(2025, 3, 3), return_date=datetime.date(2025, 3, 30),
            funding=Funding.ERASMUS, outcome=OUTCOMES[number % len(OUTCOMES)],
        )
        for number, student in enumerate(students)
    )  # fmt: skip
    MobilityGrant.objects.bulk_create(
        MobilityGrant(
            mobility=mobility, agreement=agreement, distance_km=1500,
            computed_total=Decimal("1234.50"),
        )
        for mobility in mobilities
    )  # fmt: skip
    # Written around the models, as a bulk path does: its agreement's totals are marked.
    tallies.mark([agreement.pk])
    return sum(mobility.outcome != Outcome.CANCELLED for mobility in mobilities)


def test_csv_of_thousands_of_participants_streams_every_row(english, coordinator, agreement):
    listed = grants_in_bulk(agreement, 5000)
    english.force_login(coordinator)

    response = english.get(reverse("funding:participants-csv", args=[agreement.public_id]))

    assert isinstance(response, StreamingHttpResponse)
    text = response.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == listed == 3750
    assert {row["Grant"] for row in rows} == {"1234.50"}
    assert "Cancelled before departure" not in {row["Outcome"] for row in rows}
    entry = AuditEntry.objects.get(object_type="funding.grantagreement")
    with translation.override("en"):
        assert render(entry.texts["note"]).endswith("participants listed: 3750")


def test_xlsx_of_thousands_of_participants_comes_from_a_file(english, coordinator, agreement):
    listed = grants_in_bulk(agreement, 5000)
    english.force_login(coordinator)

    response = english.get(reverse("funding:participants-xlsx", args=[agreement.public_id]))

    assert isinstance(response, FileResponse)
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + listed
    assert rows[1][rows[0].index("Grant")] == 1234.5
