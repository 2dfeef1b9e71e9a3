import pytest

from tests.factories import MobilityFactory, OwnTemplateItemFactory, ProgrammeFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.mobilities.tasks import sync_programme_checklists

pytestmark = pytest.mark.django_db


def test_sync_adds_a_new_own_item_to_the_programmes_open_mobilities(coordinator):
    programme = ProgrammeFactory.create()
    mobility = MobilityFactory.create(student__programme=programme)
    elsewhere = MobilityFactory.create()
    item = OwnTemplateItemFactory.create(programme=programme)

    sync_programme_checklists.call(programme_id=programme.pk, by_id=coordinator.pk)

    assert mobility.items.filter(template_item=item).exists()
    assert not elsewhere.items.filter(template_item=item).exists()
    assert AuditEntry.objects.filter(actor=coordinator, object_label=item.title).exists()


def test_sync_of_a_removed_programme_does_nothing(db):
    sync_programme_checklists.call(programme_id=999_999)

    assert not AuditEntry.objects.exists()
