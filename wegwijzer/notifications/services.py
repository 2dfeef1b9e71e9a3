"""Telling people: the one way any feature sends a message.

`notify` reaches users (an in-app notification and, as they chose, an e-mail now or in
their digest); `notify_address` reaches someone without an account (a guardian, a host
company) by e-mail only. Both write rows, in the caller's transaction, and the worker
sends the e-mails once it commits (tasks.deliver): a mail server that is down never
breaks the page that caused a message.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from wegwijzer.accounts.models import User
from wegwijzer.core.tasks import enqueue_on_commit, task_at
from wegwijzer.mobilities.models import Mobility
from wegwijzer.notifications import rendering
from wegwijzer.notifications.kinds import SPECS, Delivery
from wegwijzer.notifications.models import Notification, OutboxMessage, Preference
from wegwijzer.students.models import Student

Values = Mapping[str, object]


def site_url(path: str) -> str:
    """The absolute address of a path in Wegwijzer, for a link in an e-mail."""
    return f"{settings.SITE_URL}{path}" if path else settings.SITE_URL


def delivery_for(user: User, kind: str, chosen: Mapping[str, str] | None = None) -> str:
    """How the user gets messages of this kind: their choice, else the kind's default.

    A safety message comes at once whatever they chose. `chosen` ({kind: delivery}) saves
    a query when the caller has read the user's preferences already.
    """
    spec = SPECS[kind]
    if spec.safety:
        return Delivery.IMMEDIATELY
    if chosen is None:
        chosen = dict(
            Preference.objects.filter(user=user, kind=kind).values_list("kind", "delivery")
        )
    return chosen.get(kind, spec.default)


def notify(
    kind: str,
    users: Iterable[User],
    *,
    values: Values | Callable[[User], Values] = {},  # noqa: B006 - read only
    path: str = "",
    mobility: Mobility | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Tell each active user, once, in their language; returns the notifications made.

    `values` fill the kind's placeholders (a function of the user when they differ per
    reader); `first_name` and `link` (the absolute address of `path`) are added here.
    With a `dedupe_key`, a user who was told under that key already is not told again: a
    reminder run that repeats sends nothing twice.
    """
    made = []
    recipients = {user.pk: user for user in users if user.is_active}
    chosen: dict[int, dict[str, str]] = {}
    for user_id, preference_kind, delivery in Preference.objects.filter(
        user_id__in=recipients, kind=kind
    ).values_list("user_id", "kind", "delivery"):
        chosen.setdefault(user_id, {})[preference_kind] = delivery
    for user in recipients.values():
        delivery = delivery_for(user, kind, chosen.get(user.pk, {}))
        if delivery == Delivery.OFF:
            continue
        key = f"{dedupe_key}:u{user.pk}" if dedupe_key else ""
        if key and Notification.objects.filter(dedupe_key=key).exists():
            continue
        given = values(user) if callable(values) else values
        subject, body = rendering.render(
            kind,
            user.language,
            {"first_name": user.first_name or user.username, "link": site_url(path), **given},
        )
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    kind=kind,
                    mobility=mobility,
                    subject=subject[:300],
                    body=body,
                    language=user.language,
                    url=path,
                    in_digest=delivery == Delivery.DIGEST,
                    dedupe_key=key,
                )
                if delivery == Delivery.IMMEDIATELY and user.email:
                    _queue(
                        recipient=user,
                        to_email=user.email,
                        kind=kind,
                        language=user.language,
                        mobility=mobility,
                        subject=subject,
                        body=body,
                        dedupe_key=key,
                    )
        except IntegrityError:
            continue  # told under this key by a run at the same moment
        made.append(notification)
    return made


def notify_address(
    kind: str,
    *,
    email: str,
    language: str,
    values: Values,
    mobility: Mobility | None = None,
    dedupe_key: str = "",
    recipient: User | None = None,
) -> OutboxMessage | None:
    """E-mail someone without an account; None when told under the key already.

    `recipient` names the user when an e-mail to a user is the whole delivery (the digest),
    so the outbox shows whose it is.
    """
    if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    subject, body = rendering.render(kind, language, values)
    try:
        with transaction.atomic():
            return _queue(
                recipient=recipient,
                to_email=email,
                kind=kind,
                language=language,
                mobility=mobility,
                subject=subject,
                body=body,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return None


def send_written(
    kind: str,
    *,
    email: str,
    language: str,
    subject: str,
    body: str,
    dedupe_key: str,
    student: Student,
    recipient: User | None = None,
) -> OutboxMessage | None:
    """E-mail a text written for this one send (a cohort message) about a student, already
    filled in, instead of the kind's wording; None when sent under the key already. The
    e-mail is erased with the student."""
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            return _queue(
                recipient=recipient,
                to_email=email,
                kind=kind,
                language=language,
                subject=" ".join(subject.split()),
                body=body,
                dedupe_key=dedupe_key,
                student=student,
            )
    except IntegrityError:
        return None


def _queue(**fields: Any) -> OutboxMessage:
    fields["subject"] = fields["subject"][:300]
    message = OutboxMessage.objects.create(**fields)
    enqueue_on_commit(DELIVER, message_id=message.pk)
    return message


# Named by path: the task module's daily run imports this one (core.tasks.enqueue_on_commit).
DELIVER = "wegwijzer.notifications.tasks.deliver"


def send_soon(message: OutboxMessage) -> None:
    """Hand the message to the worker."""
    task_at(DELIVER).enqueue(message_id=message.pk)
