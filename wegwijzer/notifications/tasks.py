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

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import default_task_backend, task
from django.utils import timezone

from wegwijzer.contacts import reminders as contact_reminders
from wegwijzer.core.scheduling import plan_once
from wegwijzer.funding import listing, tallies
from wegwijzer.notifications import digest, reminders, retention
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


# The daily run: reminders and the morning digest


@task
def daily_run() -> dict[str, int]:
    """Send what waits and what is due today, at DIGEST_HOUR; returns how many of each.

    It plans the next morning's run before it works, and every migrate plans one when none
    is waiting (apps.py): the pattern of the privacy app's retention run. One part failing
    does not stop the others; each is safe to run twice on a day (dedupe keys).
    """
    schedule_daily_run()
    today = timezone.localdate()
    now = timezone.now()
    parts = {
        "retried": lambda: retry_due(now),
        "reminders": lambda: reminders.send_reminders(today),
        "link_reminders": lambda: reminders.send_link_reminders(now),
        "duo": lambda: reminders.send_duo_reminders(today),
        "digests": lambda: digest.send_digests(today),
        "forgotten": lambda: sum(retention.forget_old_messages(now)),
        "contacts_missed": lambda: contact_reminders.send_missed_reminders(today),
        # Stored Erasmus+ totals whose refresh after a change did not run (funding.tallies).
        "tallies": tallies.refresh_stale,
        # Payments on or off the list of payments due against their stay (funding.listing).
        "payments_listed": listing.relist_drifted,
    }
    done = {}
    for name, part in parts.items():
        try:
            done[name] = part()
        except Exception as error:  # one failing part must not cost the others their run
            # The kind of error only: its text could hold a name or an address.
            logger.error("Daily run: %s failed (%s).", name, type(error).__name__)
            done[name] = -1
    logger.info("Daily run: %s.", ", ".join(f"{name} {count}" for name, count in done.items()))
    return done


def schedule_daily_run() -> None:
    """Plan the next run at DIGEST_HOUR, unless one is already waiting."""
    plan_once(daily_run, next_run())


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next DIGEST_HOUR, local time: later today, else tomorrow."""
    now = timezone.localtime(now)
    at = datetime.time(settings.DIGEST_HOUR, 0)
    today = timezone.make_aware(datetime.datetime.combine(now.date(), at))
    if today > now:
        return today
    tomorrow = now.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, at))
