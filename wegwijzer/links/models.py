import datetime
import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel

if TYPE_CHECKING:
    from wegwijzer.mobilities.models import Mobility


class Purpose(models.TextChoices):
    """What a link is for: each opens one form, and most settle one checklist item."""

    GUARDIAN_CONSENT = "guardian_consent", _("Guardian's consent")
    HOST_AGREEMENT = "host_agreement", _("Host company confirms the supervision agreements")
    HOST_EVALUATION = "host_evaluation", _("Host company evaluates the stay")
    HOST_MIDTERM = "host_midterm", _("Host company gives mid-term feedback")
    # A party signs an agreement (agreements.signing): the agreement settles its own items.
    AGREEMENT = "agreement", _("Signing an agreement")


# The checklist item (template key) each purpose settles; None for a link that settles no
# item: the host's mid-term feedback is asked during the stay (step 4) and settles nothing
# (the progress item is the supervisor's, who reviews the progress with this feedback).
ITEM_KEYS: dict[str, str | None] = {
    Purpose.GUARDIAN_CONSENT: "decision-guardian-consent",
    Purpose.HOST_AGREEMENT: "preparation-supervision",
    Purpose.HOST_EVALUATION: "back-host-evaluation",
    Purpose.HOST_MIDTERM: None,
    Purpose.AGREEMENT: None,
}
HOST_PURPOSES = frozenset({Purpose.HOST_AGREEMENT, Purpose.HOST_EVALUATION, Purpose.HOST_MIDTERM})


class LinkState(models.TextChoices):
    SENDING = "sending", _("being sent")
    WAITING = "waiting", _("waiting for an answer")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    ANSWERED = "answered", _("answered")


def hash_token(token: str) -> str:
    """What is stored of a token: its SHA-256. The token itself is only in the e-mail.

    A token has 256 random bits, so a plain hash cannot be reversed by trying tokens.
    """
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.SIGNED_LINK_DAYS)


# A host evaluates a stay once it is over: its link works until this long after the return.
EVALUATION_AFTER_RETURN = datetime.timedelta(weeks=6)
# A host's mid-term feedback is given during the stay: its link works until a week after.
MIDTERM_AFTER_RETURN = datetime.timedelta(weeks=1)
AFTER_RETURN: dict[str, datetime.timedelta] = {
    Purpose.HOST_EVALUATION: EVALUATION_AFTER_RETURN,
    Purpose.HOST_MIDTERM: MIDTERM_AFTER_RETURN,
}


def expiry_for(purpose: str, mobility: "Mobility", sent: datetime.datetime) -> datetime.datetime:
    """When a link for this purpose, sent at `sent`, stops working: the one rule.

    A guardian's consent and the host's confirmation of the supervision agreements work
    SIGNED_LINK_DAYS after sending. The host's evaluation, often sent during the stay,
    works until the end of the day six weeks after the return (the actual one when known,
    else the planned one), its mid-term feedback until the end of the day a week after it;
    neither for less than SIGNED_LINK_DAYS.
    """
    earliest = sent + datetime.timedelta(days=settings.SIGNED_LINK_DAYS)
    if purpose not in AFTER_RETURN:
        return earliest
    last_day = mobility.last_day + AFTER_RETURN[purpose] + datetime.timedelta(days=1)
    after_return = timezone.make_aware(datetime.datetime.combine(last_day, datetime.time()))
    return max(earliest, after_return)


class SignedLink(PublicIdModel):
    """A personal link by e-mail for someone without an account: one form, one mobility.

    The token is made when the e-mail is sent (links.tasks) and only its hash is kept.
    A link is answered once; expired, revoked or answered it opens nothing.
    """

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="signed_links",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    guardian = models.ForeignKey(
        "students.Guardian",
        verbose_name=_("guardian"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_links",
    )
    # The company the link went to: its evaluation stays part of the company's history even
    # when the mobility later names another company.
    host_company = models.ForeignKey(
        "hosts.HostCompany",
        verbose_name=_("host company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signed_links",
    )
    recipient_name = models.CharField(_("recipient"), max_length=150, blank=True)
    recipient_email = models.EmailField(_("recipient's e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)
    submitted_name = models.CharField(_("name given"), max_length=150, blank=True)
    submitted_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signed link")
        verbose_name_plural = _("signed links")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.recipient_name or self.recipient_email}"

    def state(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.used_at:
            return LinkState.ANSWERED
        if self.revoked_at:
            return LinkState.REVOKED
        if self.expires_at <= now:
            return LinkState.EXPIRED
        if not self.sent_at:
            return LinkState.SENDING
        return LinkState.WAITING

    @property
    def is_for_host(self) -> bool:
        """A host company's link: its page and e-mails are in English."""
        if self.purpose == Purpose.AGREEMENT:
            return self.host_company_id is not None
        return self.purpose in HOST_PURPOSES

    @property
    def consent_refused(self) -> bool:
        return self.purpose == Purpose.GUARDIAN_CONSENT and self.answers.get("consent") == "refused"
