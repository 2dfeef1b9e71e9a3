from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.documents.validation import ACCEPT_ATTRIBUTE, checked_content_type


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file that passed the checks, with the type its content showed."""

    file: UploadedFile
    content_type: str


def _accepted_files() -> str:
    return _("A PDF, JPEG, PNG or Word (DOCX) file of at most %(size)s.") % {
        "size": filesizeformat(settings.DOCUMENT_MAX_BYTES)
    }


class DocumentField(forms.FileField):
    """A file field that lets through only what documents.validation accepts."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Document"))
        kwargs.setdefault("help_text", lazy(_accepted_files, str)())
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> CheckedUpload | None:
        upload: UploadedFile | None = super().clean(data, initial)
        if not upload:
            return None
        return CheckedUpload(file=upload, content_type=checked_content_type(upload))
