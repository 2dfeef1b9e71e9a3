import datetime

import pytest
from django.core.management import call_command

from wegwijzer.contacts.models import ContactAgreement, ContactEntry, ContactMoment
from wegwijzer.contacts.planning import missed_by
from wegwijzer.contacts.wellbeing import flagged
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db


def test_demo_stays_abroad_have_a_log_with_a_falling_trend_and_a_missed_moment(settings):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    abroad = Mobility.objects.filter(step=4, outcome="")
    assert ContactAgreement.objects.count() == abroad.count() >= 3
    assert flagged(abroad).count() == 1
    assert ContactEntry.objects.filter(flags=True, wellbeing=2).count() == 1
    assert ContactMoment.objects.filter(missed_by(datetime.date.today())).count() == 1
    assert ContactEntry.objects.filter(confidential=True).exists()
