from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wegwijzer.core.models import PublicIdModel


class HostCompany(PublicIdModel):
    """A company abroad (or at home) where students do their internship."""

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    recognised = models.BooleanField(
        _("recognised host company"),
        default=False,
        help_text=_("Recognised by SBB (erkend leerbedrijf)."),
    )
    recognised_for = models.ManyToManyField(
        "programmes.Programme",
        verbose_name=_("recognised for programmes"),
        blank=True,
        related_name="recognised_hosts",
    )
    welcomes_students = models.BooleanField(_("welcomes more students"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("host company")
        verbose_name_plural = _("host companies")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"
