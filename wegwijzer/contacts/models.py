"""Contact during the stay (step 4): the agreement on how often the school and the student
speak, the contact moments it plans, and the log of contacts held."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class Channel(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    MESSAGE = "message", _("Message")
    VISIT = "visit", _("Visit")
    CHECK_IN = "check_in", _("Check-in by the student")


# What staff choose; a check-in is only made by the student's own form.
STAFF_CHANNELS = [choice for choice in Channel.choices if choice[0] != Channel.CHECK_IN]


class Participant(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    HOST = "host", _("Host company")
    STUDENT = "student", _("Student")


class ContactAgreement(PublicIdModel):
    """How often the school keeps in touch during one stay: the first weeks every few days,
    then less often. It plans the stay's contact moments (contacts.planning)."""

    mobility = models.OneToOneField(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="contact_agreement",
    )
    first_weeks = models.PositiveSmallIntegerField(_("first weeks"), default=4)
    first_every_days = models.PositiveSmallIntegerField(
        _("in the first weeks, every (days)"), default=7
    )
    then_every_days = models.PositiveSmallIntegerField(_("after that, every (days)"), default=14)
    channel = models.CharField(
        _("channel"), max_length=20, choices=STAFF_CHANNELS, default=Channel.VIDEO
    )
    participants = models.JSONField(_("with whom"), default=list)
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Raised on every change; the form carries the version it showed.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contact agreement")
        verbose_name_plural = _("contact agreements")

    def __str__(self) -> str:
        return str(_("Contact agreement"))

    def participant_labels(self) -> list[str]:
        return [str(Participant(value).label) for value in self.participants]


class ContactEntry(PublicIdModel):
    """One contact held, logged by staff, or a check-in by the student themself.

    A confidential entry's texts and wellbeing are for the coordinator and the stay's
    supervisor only (access.can_read_contact_texts).
    """

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="contact_entries",
    )
    held_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    participants = models.JSONField(_("who took part"), default=list)
    wellbeing = models.PositiveSmallIntegerField(_("wellbeing (1-5)"), null=True, blank=True)
    how_doing = models.TextField(_("how the student is doing"), blank=True)
    homesick = models.BooleanField(_("homesickness"), default=False)
    concerns = models.TextField(_("other concerns"), blank=True)
    actions = models.TextField(_("agreed actions"), blank=True)
    actions_by = models.DateField(_("actions by"), null=True, blank=True)
    wants_contact = models.BooleanField(_("would like contact"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    # Whether this entry flagged the stay when it was logged (contacts.wellbeing).
    flags = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["mobility", "held_on"], name="contact_entry_mobility_day"),
            # The few entries that flagged a stay (contacts.wellbeing.flagged), for the
            # coordinator's home.
            models.Index(
                fields=["mobility", "held_on"],
                condition=models.Q(flags=True),
                name="contact_entry_flags",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wellbeing__isnull=True) | models.Q(wellbeing__range=(1, 5)),
                name="contact_wellbeing_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.held_on.isoformat()}"

    @property
    def is_check_in(self) -> bool:
        return self.channel == Channel.CHECK_IN

    def participant_labels(self) -> list[str]:
        return [str(Participant(value).label) for value in self.participants]


class ContactMoment(models.Model):
    """A planned contact: due on a day, fulfilled by the first entry logged in its window
    (from `opens_on` to GRACE days after `due_on`). Without one GRACE days later it is
    missed. Rows, so that "missed" is one indexed query across every stay."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="contact_moments",
    )
    due_on = models.DateField(_("planned on"))
    opens_on = models.DateField()
    entry = models.OneToOneField(
        ContactEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moment",
    )
    # The day the supervisor's reminder named it: each missed moment is reminded once.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        indexes = [
            models.Index(fields=["due_on"], name="contact_moment_due"),
            models.Index(fields=["mobility", "due_on"], name="contact_moment_mobility_due"),
        ]

    def __str__(self) -> str:
        return self.due_on.isoformat()
