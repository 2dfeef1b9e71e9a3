"""Which files may be uploaded: told by their content, not by their name.

A file is accepted when its first bytes show a PDF, a JPEG, a PNG or a Word document
(DOCX), when it is not larger than settings.DOCUMENT_MAX_BYTES, and when the extension of
its name is one of that type's. A renamed file (a PNG called x.pdf) is refused, so what a
download says it is, it is.
"""

import zipfile
from pathlib import Path

import filetype  # type: ignore[import-untyped]
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Content type → the file-name extensions that may carry it.
ACCEPTED: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({".pdf"}),
    "image/jpeg": frozenset({".jpg", ".jpeg"}),
    "image/png": frozenset({".png"}),
    DOCX: frozenset({".docx"}),
}

# filetype knows a Word document by the order of its parts, which depends on the program
# that saved it: a .docx it takes for a plain zip is looked into as well.
ZIP = "application/zip"

ACCEPT_ATTRIBUTE = ",".join(sorted({ext for exts in ACCEPTED.values() for ext in exts}))


def checked_content_type(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; ValidationError for any other file."""
    if (upload.size or 0) > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: a document may be at most %(size)s.")
            % {"size": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            code="too_large",
        )
    content_type = _detected_type(upload)
    if content_type not in ACCEPTED:
        raise ValidationError(
            _("This kind of file cannot be uploaded. Upload a PDF, JPEG, PNG or Word (DOCX) file."),
            code="unsupported",
        )
    if _suffix(upload) not in ACCEPTED[content_type]:
        raise ValidationError(
            _("The file's content is not what its name says. Check that you chose the right file."),
            code="mismatch",
        )
    return content_type


def _detected_type(upload: UploadedFile) -> str | None:
    kind = filetype.guess(upload)
    mime = kind.mime if kind else None
    looks_like_word = mime == DOCX or (mime == ZIP and _suffix(upload) == ".docx")
    if not looks_like_word:
        return mime
    if not _is_word_document(upload):
        raise ValidationError(
            _("This file is not a readable Word (DOCX) document."), code="not_word"
        )
    return DOCX


def _suffix(upload: UploadedFile) -> str:
    return Path(upload.name or "").suffix.lower()


def _is_word_document(upload: UploadedFile) -> bool:
    """A real Word document: a zip archive that holds the document's body."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    finally:
        upload.seek(0)
