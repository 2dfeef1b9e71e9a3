from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    VIEW = "view", _("viewed")
    COMPLETE = "complete", _("marked done")
    WAIVE = "waive", _("waived")
    REOPEN = "reopen", _("reopened")
    # School checks on checklist items (mobilities.services): marked done by someone the
    # school checks, then accepted or sent back by the checker.
    SUBMIT_FOR_CHECK = "submit_check", _("marked done, to be checked")
    ACCEPT = "accept", _("checked and accepted")
    SEND_BACK = "send_back", _("sent back")
    NOT_APPLICABLE = "not_applicable", _("no longer applies")
    APPLICABLE = "applicable", _("applies again")
    ADVANCE = "advance", _("moved to the next step")
    MOVE_BACK = "move_back", _("moved back a step")
    DECIDE = "decide", _("decided")
    CLOSE = "close", _("closed")
    UPLOAD = "upload", _("uploaded")
    EXPORT = "export", _("exported (all data)")
    ERASE = "erase", _("erased (personal data removed)")


class AuditEntry(models.Model):
    """Who did what to which record, when, with the values before and after.

    Entries are only ever added (see audit.services.record); no page changes or deletes them.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=200)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_label = models.CharField(max_length=300, blank=True)
    mobility = models.ForeignKey(
        "mobilities.Mobility", on_delete=models.SET_NULL, null=True, related_name="audit_entries"
    )
    student = models.ForeignKey(
        "students.Student", on_delete=models.SET_NULL, null=True, related_name="audit_entries"
    )
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    # The note and labels as message ids with their values (audit.phrases), where a service
    # recorded a Phrase: {"note": …, "object_label": …, "actor_label": …}. The history shows
    # these in the reader's language; the columns above keep the school's language.
    texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        # The history of one object that is neither a stay nor a student (an account, a
        # funding table): found without reading the whole trail.
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
