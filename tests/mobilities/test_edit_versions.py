"""Two people editing one stay: the second save, made from an older version, changes nothing."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from tests.factories import MobilityFactory
from tests.mobilities.test_views import edit_data
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import Mobility


@pytest.mark.django_db
def test_edit_from_an_older_version_is_refused_and_keeps_the_first_change(english, coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia", address_abroad="")
    first = edit_data(mobility, address_abroad="Calle Mayor 1")
    second = edit_data(mobility, destination_city="Sevilla")
    english.force_login(coordinator)
    url = reverse("mobilities:edit", args=[mobility.public_id])

    english.post(url, first)
    response = english.post(url, second)

    mobility.refresh_from_db()
    assert mobility.address_abroad == "Calle Mayor 1"
    assert mobility.destination_city == "Valencia"
    assert mobility.version == 1
    content = response.content.decode()
    assert "This stay changed since this page was shown." in content
    assert 'value="Sevilla"' in content  # the user's input is shown again
    assert str(response.context["form"]["version"].value()) == "1"


@pytest.mark.django_db
def test_edit_refused_as_stale_in_dutch(client, coordinator):
    mobility = MobilityFactory.create()
    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"address_abroad": "Elders"}
    )
    client.force_login(coordinator)

    response = client.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, destination_city="Sevilla") | {"version": 0},
    )

    assert "Dit verblijf is gewijzigd sinds deze pagina werd getoond." in response.content.decode()
    assert Mobility.objects.get(pk=mobility.pk).destination_city == "Valencia"


@pytest.mark.django_db
def test_a_repeated_edit_post_changes_nothing_the_second_time(english, coordinator):
    mobility = MobilityFactory.create()
    data = edit_data(mobility, destination_city="Sevilla")
    english.force_login(coordinator)
    url = reverse("mobilities:edit", args=[mobility.public_id])

    english.post(url, data)
    english.post(url, data)

    mobility.refresh_from_db()
    assert mobility.version == 1
    assert mobility.audit_entries.filter(action="change").count() == 1


@pytest.mark.django_db
def test_every_change_of_the_facts_raises_the_version(coordinator):
    mobility = MobilityFactory.create()

    services.update_mobility(mobility, by=coordinator, version=0, changes={"exam_abroad": True})
    services.update_mobility(mobility, by=coordinator, version=1, changes={"exam_abroad": False})
    services.update_mobility(mobility, by=coordinator, version=2, changes={"exam_abroad": False})

    assert Mobility.objects.get(pk=mobility.pk).version == 2


@pytest.mark.django_db
def test_a_stale_version_raises_and_saves_nothing(coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia")
    services.update_mobility(mobility, by=coordinator, version=0, changes={"exam_abroad": True})

    with pytest.raises(services.StaleMobilityError):
        services.update_mobility(
            mobility, by=coordinator, version=0, changes={"destination_city": "Sevilla"}
        )

    assert Mobility.objects.get(pk=mobility.pk).destination_city == "Valencia"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database file; select_for_update is PostgreSQL's row lock",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_parallel_saves_from_one_version_apply_one_and_refuse_the_other(coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia", address_abroad="")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(changes):
        start.wait()
        try:
            services.update_mobility(mobility, by=coordinator, version=0, changes=changes)
            outcomes.append("saved")
        except services.StaleMobilityError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=({"destination_city": "Sevilla"},)),
        threading.Thread(target=save, args=({"address_abroad": "Calle Mayor 1"},)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stored = Mobility.objects.get(pk=mobility.pk)
    assert sorted(outcomes) == ["refused", "saved"]
    assert stored.version == 1
    assert (stored.destination_city == "Sevilla") != (stored.address_abroad == "Calle Mayor 1")
