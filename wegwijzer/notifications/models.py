"""Messages to people: the in-app notification, the outbox of e-mails, what each user
chose per kind, and the school's own wording of each kind.

Every row that is about a stay points at its mobility, so the erasure of a student
(privacy.registry) deletes it with everything else about them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegwijzer.notifications.kinds import Delivery, Kind


class Notification(models.Model):
    """What a user finds in Wegwijzer (the bell in the header), in their language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    mobility = models.ForeignKey(
        "mobilities.Mobility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    # The language it was written in: the reader's when it was made. A page in another
    # language marks the text with it (lang), for screen readers.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # A path inside Wegwijzer, never an absolute URL with a token.
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Waiting for the reader's next digest (their choice for this kind was "digest").
    in_digest = models.BooleanField(default=False)
    digested_at = models.DateTimeField(null=True, blank=True)
    # Makes a repeated run (a reminder, a retried task) notify once: empty, or unique.
    dedupe_key = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    RETRYING = "retrying", _("retrying")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboxMessage(models.Model):
    """One e-mail, from the moment it is decided until it is sent or given up.

    The worker sends it (notifications.tasks); a failure is retried with a growing pause
    and, after the last try, shown to the coordinators. The error kept is the kind of
    failure, never the message or an address.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    to_email = models.EmailField(_("to"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10)
    mobility = models.ForeignKey(
        "mobilities.Mobility",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    # An e-mail about a student but no stay (a message to a cohort): erased with them.
    student = models.ForeignKey(
        "students.Student",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="outbox_dedupe_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """How a user wants one kind of message; without a row, the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=15, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_user_kind_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.delivery}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("every working day")
    WEEKLY = "weekly", _("weekly, on Monday")
    OFF = "off", _("off")


class DigestSetting(models.Model):
    """How often a staff member gets the morning digest; without a row, every working day."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_setting"
    )
    frequency = models.CharField(
        _("digest"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return self.frequency


class MessageTemplate(models.Model):
    """The school's own wording of a kind in one language; without a row, the default."""

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language"], name="message_template_kind_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"
