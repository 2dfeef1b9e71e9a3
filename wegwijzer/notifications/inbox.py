"""What a reader does with their messages, and what a coordinator does with the outbox.

Reading a notification is the reader's own business and leaves no audit entry; a change of
what someone wants to receive, and an e-mail tried again, are in the audit trail.
"""

import hashlib
from collections.abc import Mapping
from functools import partial

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.notifications import services
from wegwijzer.notifications.kinds import SPECS, STAFF, Kind, KindSpec
from wegwijzer.notifications.models import (
    DigestFrequency,
    DigestSetting,
    Notification,
    OutboxMessage,
    Preference,
    Status,
)

# Which kinds of message can reach each role, so a reader is offered a choice only for
# what they may get. A kind sent to an address (guardians, host companies) has no reader
# here; the digest is its own setting.


# The reader's notifications


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user: User) -> int:
    """Every unread notification of the user read now; returns how many there were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# What the reader wants to receive


def kinds_for(user: User) -> list[KindSpec]:
    """The kinds of message that can reach the user, in the order of kinds.Kind."""
    return [
        SPECS[kind]
        for kind in Kind
        if user.role in SPECS[kind].roles and not SPECS[kind].to_address
    ]


def gets_digest(user: User) -> bool:
    """The morning digest is for staff."""
    return user.role in STAFF


def current_choices(user: User) -> dict[str, str]:
    """{kind: delivery} for every kind the user can get, their choice or the default;
    and under "digest" how often the digest comes, for staff."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    choices = {
        spec.kind.value: services.delivery_for(user, spec.kind, chosen) for spec in kinds_for(user)
    }
    if gets_digest(user):
        setting = DigestSetting.objects.filter(user=user).first()
        choices[Kind.DIGEST.value] = setting.frequency if setting else DigestFrequency.DAILY
    return choices


def version_of(choices: Mapping[str, str]) -> str:
    """A short fingerprint of the choices a settings form was made from."""
    text = ";".join(f"{kind}={value}" for kind, value in sorted(choices.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class StaleChoices(Exception):
    """The settings changed since the form was shown; nothing was saved."""


def save_choices(user: User, *, version: str, choices: Mapping[str, str]) -> int:
    """Save what the user chose per kind (and the digest's frequency); returns how many
    changed. Safety kinds are not the user's to choose: the caller never passes them.
    StaleChoices when `version` is not that of the current choices."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one save at a time
        before = current_choices(user)
        if version != version_of(before):
            raise StaleChoices
        changed = 0
        for kind, delivery in choices.items():
            if before.get(kind) == delivery:
                continue
            if kind == Kind.DIGEST:
                _save_digest(user, before[kind], delivery)
            else:
                _save_preference(user, kind, before[kind], delivery)
            changed += 1
        return changed


def _save_preference(user: User, kind: str, before: str, delivery: str) -> None:
    if SPECS[kind].safety:
        raise ValueError("a safety message always comes at once")
    preference, _created = Preference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    with translation.override(None):  # the kind's message id, translated by the history
        label = str(SPECS[kind].kind.label)
    record(by=user, action=Action.CHANGE, obj=preference, label=label,
           changes={"delivery": (before, delivery)})  # fmt: skip


def _save_digest(user: User, before: str, frequency: str) -> None:
    setting, _created = DigestSetting.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    record(by=user, action=Action.CHANGE, obj=setting, label=gettext_noop("Morning digest"),
           changes={"frequency": (before, frequency)})  # fmt: skip


# The coordinators' outbox


def needs_attention(outbox: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
    """E-mails that failed or wait for another try."""
    return outbox.filter(status__in=[Status.FAILED, Status.RETRYING])


def counts_per_status(outbox: QuerySet[OutboxMessage]) -> dict[str, int]:
    """How many e-mails have each status, in one query."""
    return outbox.aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in Status}
    )


def has_failed() -> bool:
    return OutboxMessage.objects.filter(status=Status.FAILED).exists()


def unreachable_users() -> QuerySet[User]:
    """Active accounts without an e-mail address: they are told in Wegwijzer only."""
    return User.objects.filter(is_active=True, email="").order_by("last_name", "first_name", "pk")


def try_again(outbox: QuerySet[OutboxMessage], *, by: User) -> int:
    """Queue the failed e-mails among `outbox` again, each audited, and hand them to the
    worker once this commits; returns how many. Any other status is left as it is (a
    double click, or a retry that was sent meanwhile). The attempts keep counting: a
    message that fails again is failed at once, not retried for another day."""
    with transaction.atomic():
        failed = list(outbox.select_for_update().filter(status=Status.FAILED))
        for message in failed:
            message.status = Status.QUEUED
            message.next_attempt_at = None
            message.save(update_fields=["status", "next_attempt_at"])
            record(by=by, action=Action.CHANGE, obj=message, label=gettext_noop("E-mail"),
                   changes={"status": (Status.FAILED, Status.QUEUED)})  # fmt: skip
            transaction.on_commit(partial(services.send_soon, message))
    return len(failed)
