"""An erased student's Europass goes with them; the export holds it."""

import base64
import json
import zipfile

from django.db.models import Q

from tests.europass.conftest import DRAFT, back_home
from wegwijzer.europass import services
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.privacy.erasure import erase_student
from wegwijzer.privacy.export import export_student


def issued_for(coordinator, supervisor) -> EuropassMobility:
    mobility = back_home(supervisor=supervisor)
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.COMPLETED)
    mobility.refresh_from_db()
    values = services.draft_values(mobility) | DRAFT
    europass = services.save_draft(mobility, by=coordinator, version=None, values=values)
    return services.issue(europass, by=coordinator, version=europass.version)


def test_the_export_holds_the_europass_with_its_pdf(coordinator, supervisor):
    europass = issued_for(coordinator, supervisor)

    zipped = zipfile.ZipFile(export_student(europass.mobility.student, by=coordinator))
    text = zipped.read("student.json").decode()

    assert "Checked guests in and out." in text
    assert base64.b64encode(bytes(europass.pdf or b"")).decode() in text
    json.loads(text)


def test_erasure_removes_the_europass_and_its_files(coordinator, supervisor):
    europass = issued_for(coordinator, supervisor)
    student = europass.mobility.student
    name = student.last_name
    kept = back_home(supervisor=supervisor)
    services.save_draft(
        kept, by=coordinator, version=None, values=services.draft_values(kept) | DRAFT
    )

    erase_student(student, by=coordinator)

    assert not EuropassMobility.objects.filter(mobility__student=student).exists()
    assert EuropassMobility.objects.filter(mobility=kept).exists()
    assert (
        not EuropassMobility.objects.filter(
            Q(holder_name__contains=name) | Q(credential__contains=name)
        )
        .exclude(mobility=kept)
        .exists()
    )
