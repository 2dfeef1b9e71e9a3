"""Two coordinators (or one double click) posting the same move at the same moment: the
database serialises them (select_for_update in services.locked), and the second finds the
stay changed."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import MobilityFactory
from wegwijzer.audit.models import Action
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite locks the whole database and has no select_for_update: run on PostgreSQL "
    "(DATABASE_URL=postgres://...) to test rows locked by concurrent posts",
)


@pytest.mark.django_db(transaction=True)
def test_the_same_advance_posted_twice_at_once_moves_once(coordinator):
    mobility = MobilityFactory.create()
    for item in services.open_required_items(mobility, Step.ORIENTATION):
        services.waive_item(item, by=coordinator, version=item.version, reason="Settled")
    url = reverse("mobilities:advance", args=[mobility.public_id])
    version = Mobility.objects.get(pk=mobility.pk).version
    start = threading.Barrier(2)
    answers: list[str] = []

    def post() -> None:
        client = Client()
        client.force_login(coordinator)
        start.wait()
        try:
            answers.append(client.post(url, {"version": version}).content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    mobility.refresh_from_db()
    assert mobility.step == Step.DECISION and mobility.version == version + 1
    assert mobility.audit_entries.filter(action=Action.ADVANCE).count() == 1
    assert sum("Dit verblijf is gewijzigd sinds deze pagina" in answer for answer in answers) == 1
