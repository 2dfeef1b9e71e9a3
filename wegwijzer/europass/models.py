"""The Europass Mobility of a stay: a draft filled from the stay, then issued and fixed.

One current Europass per mobility (withdrawn ones stay for the record). Issuing makes the
European Digital Credential (JSON-LD) and the PDF once and keeps their bytes with their
SHA-256: what was issued is what is downloaded, whatever changes later.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wegwijzer.core.countries import country_name
from wegwijzer.core.models import PublicIdModel


class EuropassMobility(PublicIdModel):
    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="europasses",
    )
    # The holder, as the document names them.
    holder_name = models.CharField(_("holder"), max_length=250)
    holder_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # The host organisation.
    host_name = models.CharField(_("host organisation"), max_length=200)
    host_city = models.CharField(_("city of the host organisation"), max_length=100)
    host_country = models.CharField(_("country of the host organisation"), max_length=2)
    mentor_name = models.CharField(_("mentor or trainer at the host"), max_length=150, blank=True)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    objective = models.TextField(_("objective of the mobility"))
    activities = models.TextField(_("activities and tasks"))
    skills = models.TextField(
        _("skills and competences acquired"), help_text=_("One per line."), blank=True
    )
    language = models.CharField(_("language used"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised on every change; a form carries the version it showed (a stale post is refused).
    version = models.PositiveIntegerField(default=0)
    # Issued: fixed, with what was issued and its SHA-256.
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    credential = models.TextField(_("European Digital Credential"), blank=True)
    credential_sha256 = models.CharField(max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # Withdrawn by a coordinator, with a reason: no longer current; a new draft may follow.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Europass Mobility")
        verbose_name_plural = _("Europass Mobility documents")
        constraints = [
            models.UniqueConstraint(
                fields=["mobility"],
                condition=Q(withdrawn_at__isnull=True),
                name="europass_one_current_per_mobility",
            )
        ]

    audit_label = gettext_noop("Europass Mobility")

    def __str__(self) -> str:
        return f"Europass Mobility: {self.holder_name}"

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def host_country_name(self) -> str:
        return str(country_name(self.host_country))

    @property
    def skill_lines(self) -> list[str]:
        return [line.strip() for line in self.skills.splitlines() if line.strip()]
