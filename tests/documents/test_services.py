import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.documents.samples import PDF, upload
from tests.factories import MobilityFactory
from wegwijzer.audit.models import Action
from wegwijzer.documents.models import Document
from wegwijzer.documents.services import store_document
from wegwijzer.mobilities import services

pytestmark = pytest.mark.django_db


def test_store_document_keeps_the_file_under_a_random_name_with_an_audit_entry(
    coordinator, tmp_path
):
    mobility = MobilityFactory.create()
    item = mobility.items.first()

    document = store_document(
        by=coordinator, mobility=mobility, item=item,
        upload=upload("Paspoort Jan de Vries.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip

    stored_name = str(document.file.name)
    assert (tmp_path / "documents" / stored_name).read_bytes() == PDF
    assert "Jan" not in stored_name and stored_name.endswith(".pdf")
    assert (document.original_name, document.size) == ("Paspoort Jan de Vries.pdf", len(PDF))
    assert document.item == item and document.uploaded_by == coordinator
    entry = mobility.audit_entries.get(action=Action.UPLOAD)
    assert entry.actor == coordinator and entry.object_label == "Paspoort Jan de Vries.pdf"


def test_store_document_refuses_a_closed_mobility_and_keeps_no_file(coordinator, tmp_path):
    mobility = MobilityFactory.create()
    services.cancel_mobility(
        mobility, by=coordinator, reason="Changed plans", on=timezone.localdate()
    )

    with pytest.raises(ValidationError):
        store_document(
            by=coordinator, mobility=mobility, item=None,
            upload=upload("agreement.pdf", PDF), content_type="application/pdf",
        )  # fmt: skip

    assert Document.objects.count() == 0
    assert not any((tmp_path / "documents").glob("*"))


def test_store_document_shortens_a_very_long_name_and_keeps_its_extension(coordinator):
    mobility = MobilityFactory.create()

    document = store_document(
        by=coordinator, mobility=mobility, item=None,
        upload=upload("x" * 300 + ".pdf", PDF), content_type="application/pdf",
    )  # fmt: skip

    assert len(document.original_name) == 255 and document.original_name.endswith(".pdf")
