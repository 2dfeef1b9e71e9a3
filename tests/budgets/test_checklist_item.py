"""A budget with a cost and an income marks its checklist item done, to be checked by the
school; it never ticks the item done by itself."""

import pytest
from django.urls import reverse

from tests.budgets.helpers import stay
from tests.budgets.test_views import form_data
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility

pytestmark = pytest.mark.django_db

COST = {"category": "housing", "amount": "450", "frequency": "monthly"}
INCOME = {"category": "savings", "amount": "600", "frequency": "once"}


@pytest.fixture
def own(student, supervisor) -> Mobility:
    return stay(student=student.student, supervisor=supervisor)


def budget_item(mobility):
    return mobility.items.get(template_item__key="preparation-budget")


def save(client, mobility, **rows):
    url = reverse("budgets:edit", kwargs={"public_id": mobility.public_id})
    return client.post(url, form_data(**rows), follow=True)


def test_a_budget_with_a_cost_and_an_income_waits_for_the_check(client, student, own):
    client.force_login(student)

    response = save(client, own, **{"cost-0": COST, "income-0": INCOME})

    item = budget_item(own)
    assert "De begroting is opgeslagen." in response.content.decode()
    assert item.status == ItemStatus.TO_CHECK and item.done_on is not None
    entry = AuditEntry.objects.get(object_id=str(item.public_id), action=Action.SUBMIT_FOR_CHECK)
    assert entry.actor == student


def test_a_budget_with_only_costs_leaves_the_item_open(client, student, own):
    client.force_login(student)

    save(client, own, **{"cost-0": COST, "cost-1": COST | {"category": "travel"}})

    assert budget_item(own).status == ItemStatus.OPEN


def test_a_coordinators_save_waits_for_the_check_too(client, coordinator, own):
    client.force_login(coordinator)

    save(client, own, **{"cost-0": COST, "income-0": INCOME})

    assert budget_item(own).status == ItemStatus.TO_CHECK


@pytest.mark.parametrize("status", [ItemStatus.DONE, ItemStatus.WAIVED])
def test_a_settled_budget_item_is_left_as_it_is(client, student, own, status):
    own.items.filter(template_item__key="preparation-budget").update(status=status)
    client.force_login(student)

    save(client, own, **{"cost-0": COST, "income-0": INCOME})

    assert budget_item(own).status == status


def test_an_item_sent_back_is_handed_in_again_by_the_next_save(client, student, coordinator, own):
    client.force_login(student)
    save(client, own, **{"cost-0": COST, "income-0": INCOME})
    item = budget_item(own)
    mobility_services.send_back_item(
        item, by=coordinator, version=item.version, reason="De huur is te laag."
    )
    rows = {
        f"{line.kind}-0": {"id": str(line.pk), "category": line.category, "amount": "500",
                           "frequency": line.frequency}
        for line in own.budget.lines.all()  # one cost, one income
    }  # fmt: skip
    data = form_data(**rows) | {"cost-INITIAL_FORMS": "1", "income-INITIAL_FORMS": "1"}

    client.post(reverse("budgets:edit", kwargs={"public_id": own.public_id}), data)

    item.refresh_from_db()
    assert (item.status, item.returned_reason) == (ItemStatus.TO_CHECK, "")
