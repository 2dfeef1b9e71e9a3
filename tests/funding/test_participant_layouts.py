"""The participant export in a column layout that is data: the Beneficiary Module's."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from tests.exports.helpers import csv_rows, xlsx_rows
from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding import services
from wegwijzer.funding.models import GrantAgreement, MobilityGrant, ParticipantLayout
from wegwijzer.mobilities.models import Funding, Mobility

SHIPPED = "beneficiary-module"


def participant(agreement: GrantAgreement, days: int, **facts) -> Mobility:
    departure = datetime.date(2025, 3, 3)
    mobility = MobilityFactory.create(
        student=StudentFactory.create(date_of_birth=datetime.date(2007, 6, 9), **facts),
        departure_date=departure,
        return_date=departure + datetime.timedelta(days=days - 1),
        funding=Funding.ERASMUS,
    )
    MobilityGrant.objects.create(
        mobility=mobility, agreement=agreement, distance_km=1500, green_travel=True,
        computed_total=Decimal("1500.00"), school_support=Decimal("100.00"),
    )  # fmt: skip
    return mobility


def layout_csv(client, agreement: GrantAgreement, slug: str = SHIPPED):
    return client.get(reverse("funding:participants-layout-csv", args=[agreement.public_id, slug]))


def test_shipped_layout_writes_its_columns_in_the_datas_order(client, coordinator, agreement):
    mobility = participant(agreement, 28)
    layout = ParticipantLayout.objects.get(slug=SHIPPED)
    client.force_login(coordinator)

    response = layout_csv(client, agreement)

    assert isinstance(response, StreamingHttpResponse)
    [row] = csv_rows(response)
    assert list(row) == [column["heading"] for column in layout.columns]
    assert row["Mobility ID"] == str(mobility.public_id)
    assert row["Participant Last Name"] == mobility.student.last_name
    assert row["Participant Date of Birth"] == "09/06/2007"
    assert row["Start Date"] == "03/03/2025"
    assert row["Duration (days)"] == "28"
    assert row["Green Travel"] == "Yes"
    assert row["Participant Gender"] == ""
    assert row["Receiving Country"] == "Spanje"
    assert row["Travel Support"] == "417.00"
    assert row["Inclusion Support"] == "100.00"
    assert row["Individual Support"] == "983.00"


def test_activity_type_splits_short_term_from_erasmuspro_at_90_days(client, coordinator, agreement):
    short = participant(agreement, 89)
    long = participant(agreement, 90)
    client.force_login(coordinator)

    rows = {row["Mobility ID"]: row for row in csv_rows(layout_csv(client, agreement))}

    assert "short-term" in rows[str(short.public_id)]["Activity Type"]
    assert "ErasmusPro" in rows[str(long.public_id)]["Activity Type"]


def test_changing_the_layout_data_changes_the_export(english, coordinator, agreement):
    mobility = participant(agreement, 28)
    layout = ParticipantLayout.objects.get(slug=SHIPPED)
    services.save_layout(
        layout, by=coordinator, name=layout.name, slug=layout.slug, note="",
        columns=[
            {"heading": "Surname", "source": "last_name"},
            {"heading": "Country code", "source": "receiving_country_code"},
            {"heading": "Sending", "source": "fixed", "format": "E10123456"},
            {"heading": "From", "source": "start"},
        ],
    )  # fmt: skip
    english.force_login(coordinator)

    response = english.get(
        reverse("funding:participants-layout-xlsx", args=[agreement.public_id, SHIPPED])
    )

    assert isinstance(response, FileResponse)
    assert xlsx_rows(response) == [
        ("Surname", "Country code", "Sending", "From"),
        (mobility.student.last_name, "ES", "E10123456", datetime.datetime(2025, 3, 3)),
    ]


def test_layout_export_is_audited_with_its_layout(client, coordinator, agreement):
    participant(agreement, 28)
    client.force_login(coordinator)

    layout_csv(client, agreement)

    entry = AuditEntry.objects.get(object_type="funding.grantagreement")
    assert "Beneficiary Module (example)" in entry.note
    assert entry.note.endswith("1")


def test_unknown_source_is_refused_and_changes_nothing(coordinator, agreement):
    layout = ParticipantLayout.objects.get(slug=SHIPPED)

    with pytest.raises(services.ValidationError):
        services.save_layout(
            layout, by=coordinator, name="X", slug=SHIPPED, note="",
            columns=[{"heading": "Gender", "source": "gender"}],
        )  # fmt: skip

    layout.refresh_from_db()
    assert layout.name == "Beneficiary Module (example)"


def test_layout_page_saves_the_columns_typed_as_lines(client, coordinator, agreement):
    layout = ParticipantLayout.objects.get(slug=SHIPPED)
    client.force_login(coordinator)

    response = client.post(
        reverse("funding:layout-edit", args=[SHIPPED]),
        {
            "name": "Beneficiary Module 2026",
            "slug": SHIPPED,
            "note": "",
            "columns": "Last name | last_name\nBorn | date_of_birth | %Y-%m-%d\n",
            "version": layout.version,
        },
    )

    assert response.status_code == 302
    layout.refresh_from_db()
    assert layout.name == "Beneficiary Module 2026"
    assert layout.columns == [
        {"heading": "Last name", "source": "last_name", "format": ""},
        {"heading": "Born", "source": "date_of_birth", "format": "%Y-%m-%d"},
    ]
    assert AuditEntry.objects.filter(object_type="funding.participantlayout").count() == 1


def test_layout_page_refuses_a_stale_version(client, coordinator, agreement):
    layout = ParticipantLayout.objects.get(slug=SHIPPED)
    client.force_login(coordinator)

    response = client.post(
        reverse("funding:layout-edit", args=[SHIPPED]),
        {"name": "Old", "slug": SHIPPED, "columns": "A | last_name", "version": layout.version + 1},
    )

    assert response.status_code == 200
    layout.refresh_from_db()
    assert layout.name == "Beneficiary Module (example)"


def test_command_dumps_and_loads_layouts_as_json(tmp_path, coordinator, capsys):
    call_command("participant_layout", "--dump")
    dumped = json.loads(capsys.readouterr().out)
    dumped[0]["columns"] = [{"heading": "Nom", "source": "last_name"}]
    dumped.append(
        {"name": "Extra", "slug": "extra", "columns": [{"heading": "E", "source": "email"}]}
    )
    path = tmp_path / "layouts.json"
    path.write_text(json.dumps(dumped), encoding="utf-8")

    call_command("participant_layout", "--load", str(path))

    assert ParticipantLayout.objects.get(slug=SHIPPED).columns == [
        {"heading": "Nom", "source": "last_name", "format": ""}
    ]
    assert ParticipantLayout.objects.get(slug="extra").name == "Extra"
