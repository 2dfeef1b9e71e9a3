import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from wegwijzer.core.models import PublicIdModel


class HostCompany(PublicIdModel):
    """A company abroad (or at home) where students do their internship.

    The contact fields hold its main contact, to whom the signed links go; its other
    contacts are HostContacts, the programmes it is recognised for HostRecognitions.
    """

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    welcomes_students = models.BooleanField(_("welcomes more students"), default=True)

    class Meta:
        ordering = ["name"]
        # The list's order (name, then id as a tie-break): its first page without a sort.
        indexes = [
            models.Index(fields=["name", "id"], name="host_name_idx"),
            # The list's country choices, a probe per country (core.distinct).
            models.Index(fields=["country"], name="host_country"),
        ]
        verbose_name = _("host company")
        verbose_name_plural = _("host companies")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class HostContact(PublicIdModel):
    """One more person at a host company, e.g. a practical trainer (praktijkopleider)."""

    host = models.ForeignKey(
        HostCompany,
        verbose_name=_("host company"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("host contact")
        verbose_name_plural = _("host contacts")

    def __str__(self) -> str:
        return self.name


class HostRecognition(PublicIdModel):
    """For which programme a host company is a recognised company (erkend leerbedrijf, SBB)."""

    host = models.ForeignKey(
        HostCompany,
        verbose_name=_("host company"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="host_recognitions",
    )
    sbb_number = models.CharField(_("SBB recognition number"), max_length=30, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["programme__name", "pk"]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        constraints = [
            models.UniqueConstraint(
                fields=["host", "programme"], name="one_recognition_per_programme"
            )
        ]

    def __str__(self) -> str:
        return str(self.programme)

    def is_expired(self, today: datetime.date) -> bool:
        return self.valid_until is not None and self.valid_until < today


class HostReview(PublicIdModel):
    """The student's view of their host company, given back home (step 5): one per stay."""

    mobility = models.OneToOneField(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="host_review",
    )
    host = models.ForeignKey(
        HostCompany,
        verbose_name=_("host company"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommends = models.BooleanField(_("recommends the company"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("host company review")
        verbose_name_plural = _("host company reviews")

    def __str__(self) -> str:
        return f"{self.host}: {self.rating}/5"
