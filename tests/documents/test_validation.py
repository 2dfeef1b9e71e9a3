import pytest
from django.core.exceptions import ValidationError

from tests.documents.samples import JPEG, PDF, PNG, TEXT, docx_bytes, upload, zip_bytes
from wegwijzer.documents.validation import DOCX, checked_content_type

pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("agreement.pdf", PDF, "application/pdf"),
        ("passport.JPG", JPEG, "image/jpeg"),
        ("passport.jpeg", JPEG, "image/jpeg"),
        ("ticket.png", PNG, "image/png"),
        ("learning-agreement.docx", docx_bytes(), DOCX),
    ],
)
def test_checked_content_type_accepts_each_kind_by_its_content(name, content, content_type):
    assert checked_content_type(upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.txt", TEXT, "unsupported"),
        ("notes.pdf", TEXT, "unsupported"),
        ("photo.pdf", PNG, "mismatch"),
        ("agreement.docx", PDF, "mismatch"),
        ("agreement", PDF, "mismatch"),
        ("fake.docx", docx_bytes(with_body=False), "not_word"),
        ("renamed.zip", docx_bytes(), "mismatch"),
        ("archive.zip", zip_bytes(), "unsupported"),
        ("archive.docx", zip_bytes(), "not_word"),
    ],
)
def test_checked_content_type_refuses_files_that_are_not_what_they_seem(name, content, code):
    with pytest.raises(ValidationError) as refused:
        checked_content_type(upload(name, content))

    assert refused.value.code == code


def test_checked_content_type_refuses_a_file_over_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF) - 1

    with pytest.raises(ValidationError, match="too large") as refused:
        checked_content_type(upload("agreement.pdf", PDF))

    assert refused.value.code == "too_large"


def test_checked_content_type_accepts_a_file_of_exactly_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = len(PDF)

    assert checked_content_type(upload("agreement.pdf", PDF)) == "application/pdf"
