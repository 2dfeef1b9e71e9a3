"""Storing uploaded documents. The upload must have passed documents.validation first."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.documents.models import Document
from wegwijzer.mobilities.models import ChecklistItem, Mobility

NAME_LENGTH = Document._meta.get_field("original_name").max_length or 255


@transaction.atomic
def store_document(
    *,
    by: User,
    mobility: Mobility,
    item: ChecklistItem | None,
    upload: UploadedFile,
    content_type: str,
) -> Document:
    """Keep an uploaded file as evidence for a mobility (and one of its items).

    The file goes to the documents storage under a random name; its own name is kept
    only in the database, for the download.
    """
    if not mobility.is_open:
        raise ValidationError(_("This mobility is closed; its documents can only be read."))
    if item is not None and item.mobility_id != mobility.pk:
        raise ValueError("The item belongs to another mobility.")
    if item is not None and not item.applicable:
        raise ValidationError(_("This item no longer applies to this mobility."))
    document = Document(
        mobility=mobility,
        item=item,
        original_name=_short_name(upload.name or "document"),
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=by,
    )
    document.file.save(document.original_name, upload, save=False)
    # The file is on disk before the row exists: take it away again if the row fails.
    try:
        document.save()
        record(
            by=by, action=Action.UPLOAD, obj=document, label=document.original_name,
            mobility=mobility, student=mobility.student,
        )  # fmt: skip
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def record_download(document: Document, *, by: User) -> None:
    """Documents are personal (passports, medical forms): each download is in the trail."""
    mobility = document.mobility
    record(
        by=by, action=Action.VIEW, obj=document, label=document.original_name,
        mobility=mobility, student=mobility.student,
    )  # fmt: skip


def _short_name(name: str) -> str:
    """The file's own name without any folder, short enough to keep."""
    name = Path(name).name
    if len(name) <= NAME_LENGTH:
        return name
    suffix = Path(name).suffix[:10]
    return name[: NAME_LENGTH - len(suffix)] + suffix
