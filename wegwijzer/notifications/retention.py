"""How long messages are kept: long enough to show what was sent, no longer.

A sent e-mail keeps its row (who, what kind, when: the school can show a message went
out) but loses its text after OUTBOX_TEXT_DAYS; the text may name a student and where
they are. Notifications that were read are deleted after NOTIFICATION_DAYS.
"""

import datetime

from django.utils import timezone

from wegwijzer.notifications.models import Notification, OutboxMessage, Status

OUTBOX_TEXT_DAYS = 30
NOTIFICATION_DAYS = 365


def forget_old_messages(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Empty the text of old sent e-mails and delete old read notifications; returns the
    numbers of each."""
    now = now or timezone.now()
    emptied = (
        OutboxMessage.objects.filter(
            status=Status.SENT, sent_at__lt=now - datetime.timedelta(days=OUTBOX_TEXT_DAYS)
        )
        .exclude(body="")
        .update(body="")
    )
    deleted, _by_model = Notification.objects.filter(
        read_at__lt=now - datetime.timedelta(days=NOTIFICATION_DAYS)
    ).delete()
    return emptied, deleted
