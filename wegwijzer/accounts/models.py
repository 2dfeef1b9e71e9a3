import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("International coordinator")
    SUPERVISOR = "supervisor", _("Internship supervisor")
    MENTOR = "mentor", _("Mentor")
    STUDENT = "student", _("Student")


class User(AbstractUser):
    """A person who logs in. What they may see and do follows from their role.

    Guardians and host companies have no account; they use signed links.
    """

    # Accounts are addressed in URLs by this opaque id, never by their counter.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)
    # A staff member's work phone; the emergency card prints the supervisor's.
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The language of their messages: the one they last chose with the language switch.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    REQUIRED_FIELDS = ["email", "role"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The accounts list's order (user_views.user_list): by name, a page at a time.
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="user_name")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_staff_member(self) -> bool:
        """Someone who works at the school, as opposed to a student."""
        return self.role != Role.STUDENT
