"""Group stays: a class exchange, a city trip or a WorldSkills team, travelling together.

A group holds the facts its participants share (destination, dates, accompanying staff);
each participant has their own Mobility (checklist, consent, emergency card) that points
to the group (Mobility.group). The group's services keep the members' facts in line.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wegwijzer.core.countries import country_name
from wegwijzer.core.models import PublicIdModel
from wegwijzer.mobilities.models import MobilityType

# The facts a group shares with its members: a change of one of them is made in every
# member's stay that has not departed and is not closed (groups.services.update_group).
SHARED_FACTS = (
    "destination_country",
    "destination_city",
    "destination_city_geoname_id",
    "departure_date",
    "return_date",
)


class GroupStay(PublicIdModel):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(
        _("type"), max_length=30, choices=MobilityType.choices,
        default=MobilityType.CLASS_EXCHANGE,
    )  # fmt: skip
    destination_country = CountryField(_("destination country"))
    destination_city = models.CharField(_("destination city"), max_length=100)
    destination_city_geoname_id = models.PositiveIntegerField(
        _("GeoNames id of the destination city"), null=True, blank=True
    )
    departure_date = models.DateField(_("planned departure"))
    return_date = models.DateField(_("planned return"))
    address_abroad = models.TextField(
        _("address abroad"),
        blank=True,
        help_text=_("Where the group stays; given to each student added to the group."),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accompanying staff"),
        blank=True,
        related_name="accompanied_groups",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    host_company = models.ForeignKey(
        "hosts.HostCompany",
        verbose_name=_("host company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised on every change; the edit form carries the version it was made from, so a
    # stale or repeated post changes nothing.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-departure_date", "name", "pk"]
        verbose_name = _("group stay")
        verbose_name_plural = _("group stays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(return_date__gte=models.F("departure_date")),
                name="group_returns_after_departure",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def destination(self) -> str:
        return f"{self.destination_city}, {country_name(self.destination_country)}"
