import pytest
from django.core.management import call_command

from wegwijzer.care.models import Incident, RollCall

pytestmark = pytest.mark.django_db


def test_demo_has_a_closed_roll_call_answered_by_link_and_phone_and_incidents(settings):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    [roll_call] = RollCall.objects.all()
    assert not roll_call.is_open
    entries = list(roll_call.entries.all())
    assert len({entry.mobility.destination_country for entry in entries}) >= 3
    assert {entry.answered_via for entry in entries} == {"link", "phone"}
    assert all(entry.answer == "safe" for entry in entries)
    assert {incident.severity for incident in Incident.objects.all()} >= {"minor", "serious"}
    assert Incident.objects.count() == 4
