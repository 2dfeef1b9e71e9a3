"""Messages a coordinator sent to a whole cohort, kept with who they went to.

A cohort message is written once and filled in per recipient; each student it was meant
for has a row (with the e-mail in the outbox, or none when no address was known), so the
student's history and the message's delivery status can both be told. The rows point at
the student, so the erasure of a student (privacy.registry) deletes theirs.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class Audience(models.TextChoices):
    STUDENTS = "students", _("the students")
    GUARDIANS = "guardians", _("their guardians")


class CohortMessage(PublicIdModel):
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    audience = models.CharField(_("sent to"), max_length=10, choices=Audience.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    student_count = models.PositiveIntegerField(_("students"), default=0)
    email_count = models.PositiveIntegerField(_("e-mails"), default=0)
    # The compose form's token: a second post of the same form sends nothing.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to a cohort")
        verbose_name_plural = _("messages to a cohort")

    def __str__(self) -> str:
        return self.subject


class CohortRecipient(models.Model):
    """One student a cohort message was meant for, and the e-mail that went (to them or
    one of their guardians); without an e-mail the student could not be reached."""

    message = models.ForeignKey(CohortMessage, on_delete=models.CASCADE, related_name="recipients")
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="cohort_messages"
    )
    outbox = models.OneToOneField(
        "notifications.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohort_recipient",
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.student_id}"
