"""Mobility.next_due_date, the stored soonest due date of a stay's work now: it follows every
change of the checklist and of the step, and refresh() recomputes it in bulk. Each test
compares it with the rule in Python (ChecklistItem.is_to_do_now) over the stay's items."""

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from tests.factories import (
    MobilityFactory,
    OwnTemplateItemFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)
from wegwijzer.accounts.models import Role
from wegwijzer.mobilities import attention, models, services
from wegwijzer.mobilities.models import ChecklistItem, Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
INSURANCE = "preparation-insurance"  # done by the student, checked by the coordinator


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


def soonest_in_python(mobility: Mobility) -> Any:  # a date, or None
    items = ChecklistItem.objects.filter(mobility=mobility).select_related("mobility")
    return min((item.due_date for item in items if item.is_to_do_now), default=None)


def stored(mobility: Mobility) -> Any:  # a date, or None
    return Mobility.objects.values_list("next_due_date", flat=True).get(pk=mobility.pk)


def first_item(mobility: Mobility) -> ChecklistItem:
    """The item due soonest among the stay's work now."""
    now = [item for item in mobility.items.select_related("mobility") if item.is_to_do_now]
    return min(now, key=lambda item: (item.due_date, item.pk))


def staggered(step: Step = Step.PREPARATION, **facts) -> Mobility:
    """A stay whose items are each due on another day, so the soonest is one item."""
    mobility = MobilityFactory.create(step=step, **facts)
    for number, item in enumerate(mobility.items.order_by("pk")):
        ChecklistItem.objects.filter(pk=item.pk).update(due_date=days(10 + number))
    return mobility


@pytest.fixture
def stay(coordinator) -> Mobility:
    return staggered(by=coordinator)


def test_a_new_stay_stores_the_soonest_due_date_of_its_work_now(stay):
    assert stored(stay) == soonest_in_python(stay) is not None


def test_completing_the_first_item_moves_the_date_on(coordinator, stay):
    first = first_item(stay)

    services.complete_item(first, by=coordinator, version=first.version, done_on=TODAY)

    assert stored(stay) == soonest_in_python(stay)
    assert stored(stay) > first.due_date


def test_reopening_the_item_brings_the_date_back(coordinator, stay):
    first = first_item(stay)
    services.complete_item(first, by=coordinator, version=first.version, done_on=TODAY)
    first.refresh_from_db()

    services.reopen_item(first, by=coordinator, version=first.version)

    assert stored(stay) == first.due_date == soonest_in_python(stay)


def test_waiving_the_first_item_moves_the_date_on(coordinator, stay):
    first = first_item(stay)

    services.waive_item(first, by=coordinator, version=first.version, reason="Not needed")

    assert stored(stay) == soonest_in_python(stay)
    assert stored(stay) > first.due_date


def test_an_item_waiting_for_the_check_and_sent_back_follows(coordinator):
    student_user = UserFactory.create(role=Role.STUDENT)
    mobility = staggered(student=StudentFactory.create(user=student_user))
    insurance = mobility.items.select_related("mobility").get(template_item__key=INSURANCE)
    ChecklistItem.objects.filter(pk=insurance.pk).update(due_date=days(1))
    insurance.refresh_from_db()
    assert stored(mobility) == days(1)

    services.complete_item(
        insurance, by=student_user, version=insurance.version, done_on=TODAY
    )  # waits for the coordinator's check: not work now
    assert stored(mobility) == soonest_in_python(mobility) > days(1)

    insurance.refresh_from_db()
    services.send_back_item(
        insurance, by=coordinator, version=insurance.version, reason="No policy number"
    )
    assert stored(mobility) == soonest_in_python(mobility) == days(1)


def test_accepting_a_checked_item_keeps_it_out(coordinator):
    student_user = UserFactory.create(role=Role.STUDENT)
    mobility = staggered(student=StudentFactory.create(user=student_user))
    insurance = mobility.items.select_related("mobility").get(template_item__key=INSURANCE)
    ChecklistItem.objects.filter(pk=insurance.pk).update(due_date=days(1))
    insurance.refresh_from_db()
    services.complete_item(insurance, by=student_user, version=insurance.version, done_on=TODAY)
    insurance.refresh_from_db()

    services.accept_item(insurance, by=coordinator, version=insurance.version)

    assert stored(mobility) == soonest_in_python(mobility) > days(1)


def test_moving_a_step_on_and_back_follows(coordinator):
    mobility = staggered(step=Step.ORIENTATION)
    # A step 2 item due sooner than any of step 1: work only once the stay is in step 2.
    mobility.items.filter(step=Step.DECISION, required=True).update(due_date=days(1))
    before = stored(mobility)
    assert before == soonest_in_python(mobility) > days(1)

    services.advance_step(mobility, by=coordinator, override_reason="Ahead of plan")
    assert stored(mobility) == soonest_in_python(mobility) == days(1)

    services.move_back(mobility, by=coordinator, reason="Wrong button")
    assert stored(mobility) == soonest_in_python(mobility) == before


def test_changed_dates_of_the_stay_move_the_due_dates_and_the_column(coordinator):
    mobility = MobilityFactory.create(step=Step.PREPARATION, departure_date=days(400))
    before = stored(mobility)

    services.update_mobility(
        mobility, by=coordinator, version=None,
        changes={"departure_date": days(500), "return_date": days(590)},
    )  # fmt: skip

    assert stored(mobility) == soonest_in_python(mobility)
    assert stored(mobility) != before


def test_syncing_a_programmes_checklist_follows(coordinator):
    programme = ProgrammeFactory.create()
    mobility = staggered(student=StudentFactory.create(programme=programme))
    OwnTemplateItemFactory.create(programme=programme, step=Step.ORIENTATION, required=True)
    # The new item is due relative to the departure: make it the soonest afterwards.
    ChecklistItem.objects.filter(mobility=mobility).update(due_date=days(900))

    services.sync_checklist(mobility, by=coordinator)  # what the programme's sync runs

    assert mobility.items.filter(template_item__programme=programme).exists()
    assert stored(mobility) == soonest_in_python(mobility) < days(900)


def test_nothing_to_do_stores_no_date(stay):
    stay.items.update(status="done")

    assert stored(stay) is None


def test_refresh_recomputes_every_stay_in_one_update(django_assert_num_queries):
    stays = [staggered(), staggered(step=Step.ORIENTATION)]
    Mobility.objects.update(next_due_date=None)  # written around the models

    with django_assert_num_queries(1):
        attention.refresh(Mobility.objects.all())

    assert [stored(mobility) for mobility in stays] == [
        soonest_in_python(mobility) for mobility in stays
    ]
    assert None not in [stored(mobility) for mobility in stays]


def test_migration_fills_the_column_of_existing_stays():
    mobility = staggered()
    Mobility.objects.update(next_due_date=None)
    fill = importlib.import_module(
        "wegwijzer.mobilities.migrations.0007_attention_columns_and_indexes"
    ).fill_next_due_date

    fill(apps, None)

    assert stored(mobility) == soonest_in_python(mobility) is not None


def test_overdue_stays_are_those_with_the_date_before_today(stay):
    first = first_item(stay)
    stay.items.filter(pk=first.pk).update(due_date=days(-1))

    overdue = Mobility.objects.filter(attention.stay_overdue(TODAY))

    assert list(overdue) == [stay]
    assert first_item(stay).is_overdue(TODAY)


def test_a_bulk_write_over_many_stays_refreshes_them_in_batches(monkeypatch):
    monkeypatch.setattr(models, "REFRESH_BATCH", 1)
    stays = [staggered(), staggered()]

    ChecklistItem.objects.filter(mobility__in=stays).update(due_date=days(3))

    assert [stored(mobility) for mobility in stays] == [days(3), days(3)]
