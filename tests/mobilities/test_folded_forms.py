"""The forms of a folded step's items are not on the mobility page: each such item links to
them, and the link brings them (htmx: the item alone; without JavaScript: the page with the
item's step unfolded)."""

import pytest
from django.urls import reverse

from tests.factories import MobilityFactory
from wegwijzer.mobilities.models import Mobility, Outcome

pytestmark = pytest.mark.django_db


def in_step(step):
    mobility = MobilityFactory.create()
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    return mobility


def part(content, start, end):
    return content.split(start)[1].split(end)[0]


def detail(mobility, item=None):
    url = reverse("mobilities:detail", args=[mobility.public_id])
    return f"{url}?item={item.public_id}" if item else url


def later_item(mobility):
    return mobility.items.filter(step=4, applicable=True).order_by("pk").first()


def test_a_folded_steps_item_links_to_its_forms_instead_of_holding_them(client, coordinator):
    mobility = in_step(3)
    later, now = later_item(mobility), mobility.items.filter(step=3, applicable=True).first()
    client.force_login(coordinator)

    content = client.get(detail(mobility)).content.decode()

    step_4 = part(content, 'id="step-4-title"', "</section>")
    assert '<details class="checklist-step__items">' in step_4
    assert reverse("mobilities:item-waive", args=[later.public_id]) not in content
    assert f'href="{detail(mobility, later)}#item-{later.public_id}"' in step_4
    assert "Toon de acties" in step_4
    # The current step's items keep their forms on the page.
    assert reverse("mobilities:item-waive", args=[now.public_id]) in content
    current = part(content, 'id="step-3-title"', "</section>")
    assert "Toon de acties" not in current


def test_the_link_without_javascript_unfolds_the_items_step_with_its_forms(client, coordinator):
    mobility = in_step(3)
    later = later_item(mobility)
    client.force_login(coordinator)

    content = client.get(detail(mobility, later)).content.decode()

    step_4 = part(content, 'id="step-4-title"', "</section>")
    assert '<details class="checklist-step__items" open>' in step_4
    assert reverse("mobilities:item-waive", args=[later.public_id]) in step_4
    assert "Toon de acties" not in step_4


def test_the_link_with_htmx_brings_the_item_alone_with_its_forms(client, coordinator):
    mobility = in_step(3)
    later = later_item(mobility)
    client.force_login(coordinator)

    response = client.get(detail(mobility, later), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert content.strip().startswith('<li class="item')
    assert f'id="item-{later.public_id}"' in content
    assert reverse("mobilities:item-waive", args=[later.public_id]) in content
    assert "<html" not in content


def test_another_stays_item_is_not_found_and_a_malformed_one_is_ignored(client, coordinator):
    mobility, other = in_step(3), in_step(3)
    client.force_login(coordinator)

    foreign = client.get(detail(mobility, later_item(other)), headers={"HX-Request": "true"})
    malformed = client.get(detail(mobility) + "?item=not-a-uuid")

    assert foreign.status_code == 404
    assert malformed.status_code == 200
    assert reverse("mobilities:item-waive", args=[later_item(mobility).public_id]) not in (
        malformed.content.decode()
    )


def test_a_closed_stays_folded_items_have_no_link_for_there_is_nothing_to_do(client, coordinator):
    mobility = in_step(3)
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.CANCELLED)
    client.force_login(coordinator)

    content = client.get(detail(mobility)).content.decode()

    assert f'id="item-{later_item(mobility).public_id}"' in content
    assert "Toon de acties" not in content
    assert "?item=" not in content
