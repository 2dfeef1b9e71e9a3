"""A link's expiry follows what it is for (links.models.expiry_for)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.links.helpers import at_step, minor_mobility, send
from wegwijzer.links.models import Purpose, expiry_for
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def test_consent_and_the_supervision_agreements_work_thirty_days_after_sending(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    thirty_days = timezone.localdate() + datetime.timedelta(days=30)

    for purpose in (Purpose.GUARDIAN_CONSENT, Purpose.HOST_AGREEMENT):
        link, _token = send(
            mobility, coordinator, purpose, capture=django_capture_on_commit_callbacks
        )
        assert local_day(link.expires_at) == thirty_days


def test_an_evaluation_link_works_until_six_weeks_after_the_return(
    coordinator, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    mobility = at_step(
        minor_mobility(departure_date=today - datetime.timedelta(days=20),
                       return_date=today + datetime.timedelta(days=60)),
        Step.ABROAD,
    )  # fmt: skip

    link, _token = send(
        mobility, coordinator, Purpose.HOST_EVALUATION, capture=django_capture_on_commit_callbacks
    )

    six_weeks_after = mobility.return_date + datetime.timedelta(weeks=6)
    # Through the whole of that day, and the e-mail tells the host so.
    assert local_day(link.expires_at - datetime.timedelta(seconds=1)) == six_weeks_after
    assert six_weeks_after.strftime("%B %Y").lower() in mail.outbox[-1].body.lower()


def test_an_evaluation_link_of_a_stay_just_ended_still_works_thirty_days():
    mobility = minor_mobility()
    mobility.return_date = timezone.localdate() - datetime.timedelta(days=40)
    sent = timezone.now()

    expires = expiry_for(Purpose.HOST_EVALUATION, mobility, sent)

    assert expires == sent + datetime.timedelta(days=30)


def test_the_actual_return_counts_when_known():
    mobility = minor_mobility()
    mobility.actual_return_date = mobility.return_date - datetime.timedelta(days=50)
    sent = timezone.now() - datetime.timedelta(days=200)  # a stay in the past

    expires = expiry_for(Purpose.HOST_EVALUATION, mobility, sent)

    assert timezone.localdate(expires) == mobility.actual_return_date + datetime.timedelta(
        weeks=6, days=1
    )


def test_the_links_panel_says_how_long_each_link_works(client, coordinator):
    mobility = minor_mobility()
    client.force_login(coordinator)

    page = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert "verloopt na 30 dagen" in page
    assert "De evaluatie door het gastbedrijf werkt tot zes weken na de terugkomst." in page
