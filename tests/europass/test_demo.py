"""The demo: a returned student with an issued Europass Mobility, and one draft."""

import pytest
from django.core.management import call_command

from wegwijzer.europass.models import EuropassMobility
from wegwijzer.funding.models import MobilityGrant

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_issued_europass_and_a_draft_once(settings):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    europasses = EuropassMobility.objects.select_related("mobility__student")
    assert sorted((e.mobility.student.student_number, e.is_issued) for e in europasses) == [
        ("540019", False),
        ("540021", True),
    ]
    issued = europasses.get(issued_at__isnull=False)
    assert bytes(issued.pdf or b"").startswith(b"%PDF") and issued.credential
    # The completed stays' last instalments were paid: their participant reports are in.
    assert MobilityGrant.objects.filter(participant_report_on__isnull=False).exists()
