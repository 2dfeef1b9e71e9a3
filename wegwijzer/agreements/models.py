"""The papers a stay needs signed: the placement agreement (praktijkovereenkomst, POK), the
Erasmus+ Learning Agreement and the supervision agreement.

Each is generated as a PDF from the stay's data (agreements.content) and the school's
wording (AgreementWording), sent for signing and signed by each party through their own
link or, logged in, on their page (Signature). A version, once sent, never changes: a
change to the stay's data after sending marks it outdated and a new version is sent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class Kind(models.TextChoices):
    PLACEMENT = "placement", _("Placement agreement")
    LEARNING = "learning", _("Learning Agreement")
    SUPERVISION = "supervision", _("Supervision agreement")


# The checklist item (template key) a complete agreement of each kind settles.
ITEM_KEYS: dict[str, str] = {
    Kind.PLACEMENT: "preparation-placement-agreement",
    Kind.LEARNING: "preparation-learning-agreement",
    Kind.SUPERVISION: "preparation-supervision",
}
# A guardian's signature on a complete agreement also settles the guardian's consent.
GUARDIAN_ITEM_KEY = "decision-guardian-consent"


class Party(models.TextChoices):
    STUDENT = "student", _("Student")
    GUARDIAN = "guardian", _("Parent or guardian")
    HOST = "host", _("Host company")
    SCHOOL = "school", _("School")


# What a signature given on a logged-in page (not through a link) records as its route.
LOGGED_IN = "logged-in page"


class AgreementSettings(models.Model):
    """The school's choices about agreements: one row (pk 1), made when first asked for."""

    mentors_read = models.BooleanField(
        _("mentors may read their students' agreements"), default=False
    )
    students_edit_terms = models.BooleanField(
        _("students may enter their own tasks and learning outcomes"), default=False
    )
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agreement settings")
        verbose_name_plural = _("agreement settings")

    def __str__(self) -> str:
        return str(_("agreement settings"))

    @classmethod
    def current(cls) -> "AgreementSettings":
        return cls.objects.get_or_create(pk=1)[0]


class AgreementWording(models.Model):
    """The school's wording of one kind of agreement in one language, with placeholders.

    Without a row the default wording (agreements.content) is used; a coordinator's edit
    makes the row, a reset deletes it.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5)
    body = models.TextField(_("wording"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agreement wording")
        verbose_name_plural = _("agreement wordings")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_wording_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class StayTerms(models.Model):
    """What the student does and learns on this stay and how it is assessed: entered by the
    supervisor (and the student where the school allows), used by the agreements, the
    learning-goal reviews and the Europass Mobility."""

    mobility = models.OneToOneField(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="terms",
    )
    tasks = models.TextField(_("tasks"), blank=True)
    learning_outcomes = models.TextField(_("learning outcomes"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    working_days = models.CharField(_("working days and times"), max_length=200, blank=True)
    trainer_name = models.CharField(_("practical trainer"), max_length=150, blank=True)
    trainer_email = models.EmailField(_("practical trainer's e-mail"), blank=True)
    trainer_phone = models.CharField(_("practical trainer's phone"), max_length=30, blank=True)
    supervision = models.TextField(_("supervision and contact agreements"), blank=True)
    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stay terms")
        verbose_name_plural = _("stay terms")

    def __str__(self) -> str:
        return f"{_('stay terms')}: {self.mobility_id}"


class AgreementState(models.TextChoices):
    SIGNING = "signing", _("Awaiting signatures")
    COMPLETE = "complete", _("Signed by everyone")
    REFUSED = "refused", _("Refused")
    OUTDATED = "outdated", _("Outdated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Agreement(PublicIdModel):
    """One version of one kind of agreement of a stay, as sent for signing.

    `pdf` holds the exact bytes every party sees and `pdf_sha256` their hash; `facts` the
    stay's data it was made from and `fingerprint` their hash, so a later change to the
    stay is noticed (agreements.content.fingerprint). Once complete, `signed_pdf` adds the
    signature page; neither PDF ever changes.
    """

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    language = models.CharField(_("language"), max_length=5, default="nl")
    state = models.CharField(
        _("state"), max_length=20, choices=AgreementState.choices, default=AgreementState.SIGNING
    )
    facts = models.JSONField(_("data"), default=dict)
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    pdf_sha256 = models.CharField(max_length=64)
    signed_pdf = models.BinaryField(null=True, blank=True)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    completed_at = models.DateTimeField(_("complete"), null=True, blank=True)
    outdated_at = models.DateTimeField(_("outdated"), null=True, blank=True)
    refused_reason = models.TextField(_("reason for refusing"), blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["mobility", "kind", "-number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "kind", "number"], name="one_agreement_version"
            )
        ]
        indexes = [models.Index(fields=["state", "sent_at"], name="agreement_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"


class Signature(PublicIdModel):
    """One party's place on one agreement version, and once signed the evidence: the name
    typed, the moment, the IP address, the SHA-256 of the exact PDF they saw and the
    purpose of the link (or page) they signed through."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    required = models.BooleanField(_("required"), default=True)
    # Who is asked: a logged-in user (student, school) or a link's recipient.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guardian = models.ForeignKey(
        "students.Guardian", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    link = models.OneToOneField(
        "links.SignedLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signature",
    )
    recipient_name = models.CharField(_("name"), max_length=150, blank=True)
    recipient_email = models.EmailField(_("e-mail"), blank=True)
    # The host company's English copy of the same facts (agreements.signing): the exact
    # bytes it is shown and signs; empty for a party that signs the version's own PDF.
    pdf = models.BinaryField(null=True, blank=True)
    # The evidence.
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    typed_name = models.CharField(_("name typed"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the document seen"), max_length=64, blank=True)
    purpose = models.CharField(_("signed through"), max_length=40, blank=True)
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    refused_reason = models.TextField(_("reason for refusing"), blank=True)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.recipient_name}"
