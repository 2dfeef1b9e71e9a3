"""Duty of care: roll calls in a crisis, and incidents during a stay."""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class RollCall(PublicIdModel):
    """A coordinator asks every student abroad in some countries (or all) whether they are safe.

    Closed, it opens no answer link any more; its record stays.
    """

    # ISO codes; empty means everyone abroad on the day it started.
    countries = models.JSONField(_("countries"), default=list, blank=True)
    message = models.TextField(_("message"))
    reminder_hours = models.PositiveSmallIntegerField(
        _("remind after (hours)"),
        default=0,
        help_text=_("0: no automatic reminders."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("roll call")
        verbose_name_plural = _("roll calls")

    def __str__(self) -> str:
        started = date_format(localtime(self.started_at), "SHORT_DATETIME_FORMAT")
        return str(_("Roll call of %(date)s") % {"date": started})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Answer(models.TextChoices):
    SAFE = "safe", _("I am safe")
    HELP = "help", _("I need help")


class AnsweredVia(models.TextChoices):
    LINK = "link", _("link in the e-mail")
    PHONE = "phone", _("by phone")


class RollCallEntry(PublicIdModel):
    """One student abroad in one roll call: whether they answered, what and how."""

    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="entries")
    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="roll_call_entries",
    )
    # The address the e-mail went to; empty when the student has none (staff call them).
    email = models.EmailField(_("e-mail"), blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    location = models.CharField(_("current location"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_via = models.CharField(
        _("answered"), max_length=10, choices=AnsweredVia.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # An answer "I need help" stays on the staff's home pages until someone marks it handled;
    # a new answer "I need help" clears it again.
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("roll call answer")
        verbose_name_plural = _("roll call answers")
        constraints = [
            models.UniqueConstraint(
                fields=["roll_call", "mobility"], name="one_entry_per_mobility_per_roll_call"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Roll call answer"))


class RollCallEmail(models.Model):
    """One e-mail to a student: the first one or a reminder, each with a token of its own.

    Only the token's hash is kept (links.models.hash_token); an earlier e-mail's link keeps
    working while the roll call is open.
    """

    entry = models.ForeignKey(RollCallEntry, on_delete=models.CASCADE, related_name="emails")
    token_hash = models.CharField(max_length=64, unique=True)
    reminder = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(_("Reminder") if self.reminder else _("Roll call e-mail"))


class Kind(models.TextChoices):
    ILLNESS = "illness", _("Illness or hospital")
    ACCIDENT = "accident", _("Accident")
    ARREST = "arrest", _("Arrest")
    THEFT = "theft", _("Theft or loss")
    HOMESICKNESS = "homesickness", _("Homesickness")
    HOST_CONFLICT = "host_conflict", _("Conflict with the host")
    DISASTER = "disaster", _("Disaster or unrest")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    CRITICAL = "critical", _("Critical")


# Logged at one of these, an incident e-mails every coordinator at once.
NOTIFIED_SEVERITIES = frozenset({Severity.SERIOUS, Severity.CRITICAL})


class IncidentQuerySet(models.QuerySet["Incident"]):
    def open_follow_ups(self) -> "IncidentQuerySet":
        return self.filter(follow_up_on__isnull=False, follow_up_done=False)


class Incident(PublicIdModel):
    """Something that happened to a student during a stay, and what the school did about it."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="incidents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("what happened"))
    actions_taken = models.TextField(_("actions taken"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            # The incident list, newest first (read backwards).
            models.Index(fields=["occurred_on", "id"], name="incident_occurred_idx"),
            # The open follow-ups, soonest first: only the open ones are in it.
            models.Index(
                fields=["follow_up_on", "id"],
                name="incident_open_follow_up_idx",
                condition=models.Q(follow_up_on__isnull=False, follow_up_done=False),
            ),
        ]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_severity_display()})"

    @property
    def is_notified(self) -> bool:
        return self.severity in NOTIFIED_SEVERITIES
