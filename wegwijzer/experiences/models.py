"""What students bring back: short posts from their stay (experiences), and the students
who, back home, tell the next ones about it (ambassadors).

Both hang on the stay (a foreign key to Mobility), so the erasure of a student deletes
them, photos included (privacy.registry): what was shared is kept only with consent.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wegwijzer.core.models import PublicIdModel
from wegwijzer.documents.models import document_storage


def photo_name(instance: "Experience", filename: str) -> str:
    # A random name in the private documents storage: never the student's name.
    return f"experiences/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ExperienceQuerySet(models.QuerySet["Experience"]):
    def shared(self) -> "ExperienceQuerySet":
        """The one rule for "may be shown to others": the student agreed and the coordinator
        marked it shareable. Withdrawing the consent takes it away at once."""
        return self.filter(consent=True, shared=True)


class Experience(PublicIdModel):
    """A student's short post from their stay, with an optional photo."""

    mobility = models.ForeignKey(
        "mobilities.Mobility", on_delete=models.CASCADE, related_name="experiences"
    )
    text = models.TextField(_("your experience"), max_length=2000)
    photo = models.FileField(storage=document_storage, upload_to=photo_name, blank=True)
    photo_type = models.CharField(max_length=20, blank=True)
    # The student's "you may share this"; withdrawn, the post is no longer shared.
    consent = models.BooleanField(_("may be shared"), default=False)
    # The coordinator's "may be shared": for orientation meetings and the school's website.
    shared = models.BooleanField(_("shared"), default=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised on every change; a form carries the version it showed.
    version = models.PositiveIntegerField(default=0)

    objects = ExperienceQuerySet.as_manager()
    # The history names it without its text, which may be personal.
    audit_label = gettext_noop("Experience")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        constraints = [
            models.CheckConstraint(
                condition=Q(shared=False) | Q(consent=True), name="experience_shared_with_consent"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_shared(self) -> bool:
        return self.consent and self.shared


class Ambassador(PublicIdModel):
    """A student back home who tells the next ones about their stay; one per stay.

    Opting out deletes the row: the pool lists only who is in it now.
    """

    mobility = models.OneToOneField(
        "mobilities.Mobility", on_delete=models.CASCADE, related_name="ambassador"
    )
    contact = models.TextField(
        _("how to reach you"), max_length=500,
        help_text=_("For example your school e-mail address, or: ask the coordinator."),
    )  # fmt: skip
    share_contact = models.BooleanField(_("share my contact details"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    audit_label = gettext_noop("Ambassador")

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The pool's first page, newest first, from the index rather than a sort of all.
        indexes = [models.Index(fields=["-created_at", "-id"], name="ambassador_newest")]
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")

    def __str__(self) -> str:
        return str(self.mobility)
