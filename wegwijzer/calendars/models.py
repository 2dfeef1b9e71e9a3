"""A user's private calendar feed: the address their calendar app subscribes to.

Only the SHA-256 of the feed's token is kept (links.models.hash_token): the address is
shown to its user once, when it is made or renewed, and cannot be read back from the
database. Renewing replaces the hash, so the old address stops working at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"))
    # When a calendar app last fetched the feed: tells its user the subscription works.
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    # The history names the feed in its reader's language, never with its address.
    audit_label = gettext_noop("calendar link")

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(_("calendar link"))
