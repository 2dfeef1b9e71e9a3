from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wegwijzer.core.countries import country_name
from wegwijzer.core.models import PublicIdModel


class Colour(models.IntegerChoices):
    """The ministry's four colours, ordered from safe to unsafe, so they compare."""

    GREEN = 1, _("green")
    YELLOW = 2, _("yellow")
    ORANGE = 3, _("orange")
    RED = 4, _("red")


class Source(models.TextChoices):
    OFFICIAL = "official", _("official travel advice")
    MANUAL = "manual", _("set by hand")


class Country(models.Model):
    """A country with its travel advice as last imported, and a coordinator's correction.

    The official colours change only by an import; a manual colour stays until the next
    official change, which replaces it.
    """

    code = CountryField(_("country"), unique=True)
    erasmus_group = models.PositiveSmallIntegerField(_("Erasmus+ VET country group"), null=True)
    emergency_number = models.CharField(_("local emergency number"), max_length=40, blank=True)
    official_colour = models.PositiveSmallIntegerField(
        _("travel advice"), choices=Colour.choices, null=True
    )
    worst_colour = models.PositiveSmallIntegerField(
        _("worst regional colour"), choices=Colour.choices, null=True
    )
    changed_on = models.DateField(_("last changed"), null=True)
    advice_url = models.URLField(_("official page"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    modified = models.CharField(max_length=60, blank=True)  # the service's own timestamp
    needs_check = models.BooleanField(_("needs a manual check"), default=False)
    imported_at = models.DateTimeField(_("last imported"), null=True)
    manual_colour = models.PositiveSmallIntegerField(
        _("colour set by hand"), choices=Colour.choices, null=True
    )
    manual_reason = models.TextField(_("reason"), blank=True)
    manual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    manual_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return country_name(self.code)

    @property
    def colour(self) -> int | None:
        """The colour that counts: the manual one until the next official change."""
        return self.manual_colour or self.official_colour

    @property
    def colour_label(self) -> str:
        return str(Colour(self.colour).label) if self.colour else ""

    @property
    def colour_name(self) -> str:
        """The colour's code word, for the page's colour marker."""
        return Colour(self.colour).name.lower() if self.colour else "unknown"


class AdviceChange(models.Model):
    """One change of a country's colour, kept as its history."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    old_colour = models.PositiveSmallIntegerField(choices=Colour.choices, null=True)
    new_colour = models.PositiveSmallIntegerField(choices=Colour.choices, null=True)
    old_worst = models.PositiveSmallIntegerField(choices=Colour.choices, null=True)
    new_worst = models.PositiveSmallIntegerField(choices=Colour.choices, null=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.country}: {self.old_colour} → {self.new_colour} ({self.source})"


class TravelAlert(PublicIdModel):
    """A country's colour reached the school's threshold or got worse: told once per change."""

    change = models.OneToOneField(AdviceChange, on_delete=models.CASCADE, related_name="alert")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="alerts")
    colour = models.PositiveSmallIntegerField(choices=Colour.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.country}: {self.get_colour_display()}"


class AlertRecipient(models.Model):
    """Who was told about an alert; the banner shows until they acknowledge it."""

    alert = models.ForeignKey(TravelAlert, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travel_alerts"
    )
    acknowledged_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="one_recipient_per_alert")
        ]

    def __str__(self) -> str:
        return f"{self.alert} → {self.user}"
