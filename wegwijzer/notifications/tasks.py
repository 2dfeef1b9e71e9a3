"""Sending the outbox.

Each message is sent by its own task run. A failure is kept on the row (the kind of
error, never the address or the text) and retried after a growing pause; after the last
try the message is FAILED and the coordinators' outbox page shows it, with a button to
try again. With the immediate backend of the tests nothing is deferred: `retry_due`
sends what waits.
"""

import datetime
import logging
import smtplib

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.utils import timezone

from wegwijzer.notifications.models import OutboxMessage, Status

logger = logging.getLogger(__name__)

# The pause before each retry; after the last one the message has failed.
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1


@task
def deliver(*, message_id: int) -> str:
    """Send one waiting message; returns its status afterwards."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, status__in=[Status.QUEUED, Status.RETRYING])
            .first()
        )
        if message is None:
            return "gone"
        try:
            EmailMessage(subject=message.subject, body=message.body, to=[message.to_email]).send()
        except (smtplib.SMTPException, OSError) as error:
            _failed(message, error)
        else:
            message.status = Status.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            message.attempts += 1
            message.save(update_fields=["status", "sent_at", "next_attempt_at", "attempts"])
    if message.status == Status.RETRYING and default_task_backend.supports_defer:
        deliver.using(run_after=message.next_attempt_at).enqueue(message_id=message.pk)
    return message.status


def _failed(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    code = getattr(error, "smtp_code", None)
    message.last_error = f"{type(error).__name__}{f' {code}' if code else ''}"[:200]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = Status.FAILED
        message.next_attempt_at = None
    else:
        message.status = Status.RETRYING
        message.next_attempt_at = timezone.now() + BACKOFF[message.attempts - 1]
    message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning(
        "E-mail %s (%s) not sent, attempt %d: %s",
        message.pk, message.kind, message.attempts, message.last_error,
    )  # fmt: skip


def retry_due(now: datetime.datetime | None = None) -> int:
    """Send every message whose retry is due (or that was never handed to the worker)."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.RETRYING, next_attempt_at__lte=now)
    ).values_list("pk", flat=True)
    count = 0
    for message_id in list(due):
        deliver.call(message_id=message_id)
        count += 1
    return count
