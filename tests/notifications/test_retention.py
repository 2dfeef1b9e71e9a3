import datetime

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification, OutboxMessage, Status
from wegwijzer.notifications.retention import forget_old_messages

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 12, 4, 7, 0))


def message(*, status, sent_days_ago):
    return OutboxMessage.objects.create(
        to_email="a@school.example", kind=Kind.TO_CHECK, language="nl", subject="Nakijken",
        body="Sanne heeft haar paspoort ingeleverd", status=status,
        sent_at=NOW - datetime.timedelta(days=sent_days_ago),
    )  # fmt: skip


def test_an_old_sent_email_keeps_its_row_but_loses_its_text():
    old = message(status=Status.SENT, sent_days_ago=31)
    recent = message(status=Status.SENT, sent_days_ago=29)
    failed = message(status=Status.FAILED, sent_days_ago=90)

    assert forget_old_messages(NOW) == (1, 0)

    old.refresh_from_db(), recent.refresh_from_db(), failed.refresh_from_db()
    assert (old.body, old.subject) == ("", "Nakijken")
    assert recent.body and failed.body


def test_read_notifications_go_after_a_year_unread_ones_stay():
    user = UserFactory.create()
    year_ago = NOW - datetime.timedelta(days=366)
    for read_at in (year_ago, None, NOW):
        Notification.objects.create(user=user, kind=Kind.TO_CHECK, subject="x", read_at=read_at)

    assert forget_old_messages(NOW) == (0, 1)
    assert sorted(Notification.objects.values_list("read_at", flat=True), key=str) == sorted(
        [None, NOW], key=str
    )
