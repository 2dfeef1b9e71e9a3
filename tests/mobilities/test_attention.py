import datetime
import importlib
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import MobilityFactory
from wegwijzer.mobilities import attention, rules
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import Owner, Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def item(mobility: Mobility, key: str) -> ChecklistItem:
    return mobility.items.select_related("mobility").get(template_item__key=key)


def make_late(mobility: Mobility, *keys: str) -> None:
    mobility.items.filter(template_item__key__in=keys).update(due_date=YESTERDAY)


def keys(items) -> set[str]:
    return {found.template_item.key for found in items}


def overdue_keys(mobility: Mobility) -> set[str]:
    return keys(mobility.items.filter(attention.overdue(TODAY)).select_related("template_item"))


# The rule


def test_overdue_leaves_out_an_optional_item():
    mobility = MobilityFactory.create(step=Step.ORIENTATION)
    make_late(mobility, "orientation-information", "orientation-benefits")

    assert overdue_keys(mobility) == {"orientation-information"}
    assert not item(mobility, "orientation-benefits").is_overdue(TODAY)


def test_overdue_leaves_out_an_item_of_a_later_step():
    mobility = MobilityFactory.create(step=Step.DECISION)
    make_late(mobility, "decision-requirements", "preparation-travel")

    assert overdue_keys(mobility) == {"decision-requirements"}
    assert not item(mobility, "preparation-travel").is_overdue(TODAY)


def test_overdue_leaves_out_an_item_not_open():
    mobility = MobilityFactory.create(step=Step.PREPARATION)
    make_late(mobility, "preparation-travel", "preparation-housing")
    mobility.items.filter(template_item__key="preparation-housing").update(
        status=ItemStatus.TO_CHECK
    )

    assert "preparation-housing" not in overdue_keys(mobility)
    assert not item(mobility, "preparation-housing").is_overdue(TODAY)


def test_overdue_is_the_same_rule_in_python_and_in_sql():
    mobility = MobilityFactory.create(step=Step.PREPARATION)
    mobility.items.update(due_date=YESTERDAY)
    mobility.items.filter(step=Step.DECISION).update(status=ItemStatus.DONE)

    in_python = {found.pk for found in mobility.items.all() if found.is_overdue(TODAY)}
    in_sql = set(mobility.items.filter(attention.overdue(TODAY)).values_list("pk", flat=True))

    assert in_python == in_sql
    assert in_sql  # step 1 and 3 items are late, optional ones and step 4 and 5 not


def test_to_do_now_lists_an_earlier_step_required_item_still_open():
    mobility = MobilityFactory.create(step=Step.PREPARATION)

    now = keys(attention.to_do_now_for(mobility, Owner.STUDENT, TODAY))

    assert "orientation-information" in now  # step 1, required, still open
    assert "preparation-housing" in now
    assert "orientation-benefits" not in now  # optional: a suggestion
    assert "back-reflection" not in now  # step 5: coming up


def test_to_do_now_leaves_out_another_owners_item():
    mobility = MobilityFactory.create(step=Step.DECISION)

    now = keys(attention.to_do_now_for(mobility, Owner.STUDENT, TODAY))

    assert "decision-motivation" in now  # student and mentor
    assert "decision-requirements" not in now  # the mentor's
    assert "orientation-programme-conditions" not in now  # the coordinator's


def test_to_do_now_puts_an_item_sent_back_first():
    mobility = MobilityFactory.create(step=Step.PREPARATION)
    mobility.items.filter(template_item__key="preparation-europass-cv").update(
        returned_reason="The CV has no photo."
    )

    now = attention.to_do_now_for(mobility, Owner.STUDENT, TODAY)

    assert now[0].template_item.key == "preparation-europass-cv"


def test_owned_by_matches_one_owner_of_a_list_not_a_part_of_a_name():
    mobility = MobilityFactory.create(step=Step.PREPARATION)

    hosts = keys(mobility.items.filter(attention.owned_by(Owner.HOST)))

    assert "preparation-supervision" in hosts  # ["supervisor", "host", "student"]
    hosted = mobility.items.filter(attention.owned_by(Owner.HOST))
    assert all("host" in found.owners for found in hosted)
    assert not mobility.items.filter(attention.owned_by("stud")).exists()


def test_coming_up_and_suggestions_split_the_rest():
    mobility = MobilityFactory.create(step=Step.DECISION)

    coming = keys(mobility.items.filter(attention.coming_up()))
    suggested = keys(mobility.items.filter(attention.suggestions()))

    assert "preparation-travel" in coming and "decision-requirements" not in coming
    assert suggested == {
        "orientation-benefits", "orientation-ambassador", "orientation-alternatives"
    }  # fmt: skip


# Due dates: never before the stay's creation day plus the grace period


def test_a_stay_created_today_departing_in_10_weeks_has_no_overdue_item(settings):
    settings.CHECKLIST_GRACE_DAYS = 14
    mobility = MobilityFactory.create(departure_date=TODAY + datetime.timedelta(weeks=10))

    items = list(mobility.items.select_related("mobility"))

    assert min(found.due_date for found in items) == TODAY + datetime.timedelta(days=14)
    assert not any(found.is_overdue(TODAY + datetime.timedelta(days=14)) for found in items)
    assert not mobility.items.filter(attention.overdue(TODAY)).exists()


def test_due_date_keeps_the_templates_date_after_the_grace_period(settings):
    settings.CHECKLIST_GRACE_DAYS = 14
    mobility = MobilityFactory.create(departure_date=TODAY + datetime.timedelta(days=400))

    assert rules.due_date("departure", -300, mobility) == TODAY + datetime.timedelta(days=100)
    assert rules.due_date("departure", -390, mobility) == TODAY + datetime.timedelta(days=14)


def test_due_date_follows_the_grace_setting(settings):
    settings.CHECKLIST_GRACE_DAYS = 30
    mobility = MobilityFactory.create(departure_date=TODAY + datetime.timedelta(weeks=10))

    assert item(mobility, "orientation-information").due_date == TODAY + datetime.timedelta(30)


def test_due_date_of_an_older_stay_is_not_moved(settings):
    settings.CHECKLIST_GRACE_DAYS = 14
    mobility = MobilityFactory.create(departure_date=TODAY + datetime.timedelta(weeks=10))
    created: Any = timezone.now() - datetime.timedelta(days=365)
    Mobility.objects.filter(pk=mobility.pk).update(created_at=created)
    mobility.refresh_from_db()

    planned = mobility.departure_date - datetime.timedelta(days=300)
    assert rules.due_date("departure", -300, mobility) == planned


def test_grace_migration_floors_open_items_of_existing_stays(settings):
    from django.apps import apps

    floor_due_dates = importlib.import_module(
        "wegwijzer.mobilities.migrations.0005_attention_grace_floor"
    ).floor_due_dates
    settings.CHECKLIST_GRACE_DAYS = 14
    mobility = MobilityFactory.create(step=Step.PREPARATION)
    mobility.items.filter(template_item__key="orientation-information").update(due_date=YESTERDAY)
    mobility.items.filter(template_item__key="orientation-country-chosen").update(
        due_date=YESTERDAY, status=ItemStatus.DONE
    )

    floor_due_dates(apps, None)

    assert item(mobility, "orientation-information").due_date == TODAY + datetime.timedelta(14)
    assert item(mobility, "orientation-country-chosen").due_date == YESTERDAY  # done: kept
