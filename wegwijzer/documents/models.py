import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class DocumentStorage(FileSystemStorage):
    """Files under DOCUMENTS_ROOT, outside every web root: a document is only ever served by
    a view that checks access. The setting is read on every use, not once at start-up."""

    @property
    def base_location(self) -> str:
        return str(settings.DOCUMENTS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def document_storage() -> FileSystemStorage:
    return DocumentStorage(base_url=None)


def stored_name(instance: "Document", filename: str) -> str:
    # A random name: the student's name or the file's own name never reach the disk.
    return f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(PublicIdModel):
    """A file uploaded as evidence for a checklist item of a mobility."""

    mobility = models.ForeignKey(
        "mobilities.Mobility", on_delete=models.CASCADE, related_name="documents"
    )
    item = models.ForeignKey(
        "mobilities.ChecklistItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    file = models.FileField(storage=document_storage, upload_to=stored_name)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name
