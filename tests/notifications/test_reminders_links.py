"""Reminders of unanswered links to guardians and host companies: once, before expiry,
without the token, in the recipient's language."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.links.helpers import at_step, make_link, minor_mobility, send
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import OutboxMessage
from wegwijzer.notifications.reminders import send_link_reminders
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def in_days(count: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=count)


def remind(capture, now=None):
    mail.outbox.clear()
    with capture(execute=True):
        return send_link_reminders(now or timezone.now())


def test_a_guardian_is_reminded_once_in_dutch_without_the_token(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    link, token = send(mobility, coordinator, capture=django_capture_on_commit_callbacks)
    link.expires_at = in_days(2)
    link.save(update_fields=["expires_at"])

    assert remind(django_capture_on_commit_callbacks) == 1

    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    student = mobility.student.full_name
    assert message.subject == f"Herinnering: verzoek om toestemming voor {student}"
    assert message.body.startswith("Hallo Anna de Vries,")
    assert "De link in onze eerdere e-mail werkt tot" in message.body
    assert coordinator.get_full_name() in message.body
    assert token not in message.body and "/link/" not in message.body
    stored = OutboxMessage.objects.get(kind=Kind.LINK_REMINDER)
    assert stored.language == "nl" and stored.mobility == mobility
    assert token not in stored.body

    assert remind(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_a_host_company_is_reminded_in_english(coordinator, django_capture_on_commit_callbacks):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    make_link(mobility, Purpose.HOST_AGREEMENT, expires_at=in_days(1))

    remind(django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["carmen@example.es"]
    student = mobility.student.full_name
    assert message.subject == f"Reminder: confirmation of the supervision agreements for {student}"
    assert message.body.startswith("Hello Carmen Ruiz,")
    assert "The link in our earlier e-mail works until" in message.body


def test_a_link_far_from_its_expiry_is_not_reminded_yet(django_capture_on_commit_callbacks):
    mobility = minor_mobility()
    link, _token = make_link(mobility, expires_at=in_days(4))

    assert remind(django_capture_on_commit_callbacks) == 0
    # Three days before the end it is.
    three_days_before = link.expires_at - datetime.timedelta(days=3)
    assert remind(django_capture_on_commit_callbacks, three_days_before) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"used_at": timezone.now()},
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - datetime.timedelta(hours=1)},
        {"sent_at": None},
    ],
    ids=["answered", "revoked", "expired", "not-sent"],
)
def test_answered_revoked_expired_or_unsent_links_get_no_reminder(
    fields, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    link, _token = make_link(mobility, expires_at=in_days(2))
    SignedLink.objects.filter(pk=link.pk).update(**fields)

    assert remind(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox


def test_no_reminder_when_the_stay_ended_or_the_item_was_settled_otherwise(
    django_capture_on_commit_callbacks,
):
    ended = minor_mobility()
    make_link(ended, expires_at=in_days(2))
    Mobility.objects.filter(pk=ended.pk).update(outcome=Outcome.CANCELLED)
    settled = minor_mobility()
    make_link(settled, expires_at=in_days(2))
    settled.items.filter(template_item__key="decision-guardian-consent").update(status="done")

    assert remind(django_capture_on_commit_callbacks) == 0
