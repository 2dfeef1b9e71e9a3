import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import MobilityFactory
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import DecisionChoice, ItemStatus, Outcome
from wegwijzer.programmes.models import Step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]
TODAY = datetime.date(2026, 11, 29)


def settle_step(mobility, by):
    for item in services.open_required_items(mobility, mobility.step):
        services.complete_item(item, by=by, version=item.version, done_on=TODAY)


def item(mobility, key):
    return mobility.items.get(template_item__key=key)


def test_complete_waive_reopen_record_who_and_when(coordinator):
    mobility = MobilityFactory.create()
    budget = item(mobility, "preparation-budget")

    services.complete_item(budget, by=coordinator, version=0, done_on=TODAY, note="In Excel")
    services.reopen_item(budget, by=coordinator, version=1)
    services.waive_item(budget, by=coordinator, version=2, reason="Paid by the school")

    budget.refresh_from_db()
    assert budget.status == ItemStatus.WAIVED
    assert budget.waived_reason == "Paid by the school" and budget.note == "In Excel"
    assert budget.changed_by == coordinator and budget.version == 3
    actions = list(
        AuditEntry.objects.filter(object_id=str(budget.public_id)).values_list("action", flat=True)
    )
    assert actions == [Action.WAIVE, Action.REOPEN, Action.COMPLETE]


def test_waiving_without_reason_is_refused_and_changes_nothing(coordinator):
    budget = item(MobilityFactory.create(), "preparation-budget")

    with pytest.raises(ValidationError, match="Give a reason"):
        services.waive_item(budget, by=coordinator, version=0, reason="  ")

    budget.refresh_from_db()
    assert budget.status == ItemStatus.OPEN and budget.version == 0


def test_second_editor_with_an_old_version_is_told_and_overwrites_nothing(coordinator, supervisor):
    budget = item(MobilityFactory.create(), "preparation-budget")
    services.complete_item(budget, by=coordinator, version=0, done_on=TODAY, note="first")

    with pytest.raises(services.StaleItemError, match="Someone else changed this item"):
        services.waive_item(budget, by=supervisor, version=0, reason="second")

    budget.refresh_from_db()
    assert budget.status == ItemStatus.DONE and budget.note == "first"


def test_advance_is_blocked_by_open_required_items(coordinator):
    mobility = MobilityFactory.create()

    with pytest.raises(ValidationError, match="required items of this step are still open"):
        services.advance_step(mobility, by=coordinator)

    mobility.refresh_from_db()
    assert mobility.step == Step.ORIENTATION


def test_advance_with_optional_items_open_needs_no_override(coordinator):
    mobility = MobilityFactory.create()
    settle_step(mobility, coordinator)

    services.advance_step(mobility, by=coordinator)

    assert mobility.step == Step.DECISION
    assert item(mobility, "orientation-benefits").status == ItemStatus.OPEN


def test_override_with_a_reason_moves_on_and_is_recorded(coordinator):
    mobility = MobilityFactory.create()

    services.advance_step(mobility, by=coordinator, override_reason="Info evening missed, ok")

    assert mobility.step == Step.DECISION
    entry = mobility.audit_entries.get(action=Action.ADVANCE)
    assert entry.note == "Info evening missed, ok" and entry.actor == coordinator


def test_decision_step_cannot_be_left_without_a_go(coordinator):
    mobility = MobilityFactory.create()
    services.advance_step(mobility, by=coordinator, override_reason="skip")
    settle_step(mobility, coordinator)

    with pytest.raises(ValidationError, match="Record the go/no-go decision"):
        services.advance_step(mobility, by=coordinator)


def test_go_decision_moves_to_preparation(coordinator):
    mobility = MobilityFactory.create()
    services.advance_step(mobility, by=coordinator, override_reason="skip")
    settle_step(mobility, coordinator)

    decision = services.record_decision(
        mobility, by=coordinator, decision=DecisionChoice.GO, reason="Motivated",
        decided_on=TODAY,
    )  # fmt: skip

    assert decision.decided_by == coordinator
    assert mobility.step == Step.PREPARATION


def test_go_with_open_items_and_no_override_saves_no_decision(coordinator):
    mobility = MobilityFactory.create()
    services.advance_step(mobility, by=coordinator, override_reason="skip")

    with pytest.raises(ValidationError):
        services.record_decision(
            mobility, by=coordinator, decision=DecisionChoice.GO, reason="ok", decided_on=TODAY
        )

    assert mobility.decisions.count() == 0


def test_no_go_ends_the_mobility(coordinator):
    mobility = MobilityFactory.create()
    services.advance_step(mobility, by=coordinator, override_reason="skip")

    services.record_decision(
        mobility, by=coordinator, decision=DecisionChoice.NO_GO, reason="Grades too low",
        decided_on=TODAY,
    )  # fmt: skip

    mobility.refresh_from_db()
    assert mobility.outcome == Outcome.NOT_GOING and mobility.outcome_reason == "Grades too low"
    with pytest.raises(ValidationError, match="closed"):
        services.advance_step(mobility, by=coordinator, override_reason="x")


def test_move_back_keeps_done_work(coordinator):
    mobility = MobilityFactory.create()
    settle_step(mobility, coordinator)
    services.advance_step(mobility, by=coordinator)

    services.move_back(mobility, by=coordinator, reason="Country changes")

    assert mobility.step == Step.ORIENTATION
    assert services.open_required_items(mobility, Step.ORIENTATION).count() == 0
    assert mobility.audit_entries.filter(action=Action.MOVE_BACK, note="Country changes").exists()


def test_last_step_completes_the_mobility_from_its_return_day(coordinator):
    today = timezone.localdate()
    mobility = MobilityFactory.create(
        departure_date=today - datetime.timedelta(days=100),
        return_date=today - datetime.timedelta(days=10),
    )
    mobility.step = Step.BACK_HOME
    mobility.save()
    settle_step(mobility, coordinator)

    services.complete(mobility, by=coordinator, on=mobility.return_date)

    mobility.refresh_from_db()
    assert mobility.outcome == Outcome.COMPLETED
    assert mobility.actual_return_date == mobility.return_date


def test_cancel_only_before_departure_and_break_off_only_abroad(coordinator):
    today = timezone.localdate()
    preparing = MobilityFactory.create()
    abroad = MobilityFactory.create(departure_date=today - datetime.timedelta(days=30))
    abroad.step = Step.ABROAD
    abroad.save()

    with pytest.raises(ValidationError, match="break the stay off"):
        services.cancel_mobility(abroad, by=coordinator, reason="x", on=today)
    with pytest.raises(ValidationError, match="Only a stay that is under way"):
        services.break_off(preparing, by=coordinator, reason="x", on=today)
    services.cancel_mobility(preparing, by=coordinator, reason="Found no placement", on=today)
    broken_on = abroad.departure_date + datetime.timedelta(days=20)
    services.break_off(abroad, by=coordinator, reason="Homesick", on=broken_on)

    assert preparing.outcome == Outcome.CANCELLED
    assert abroad.outcome == Outcome.BROKEN_OFF and abroad.actual_return_date == broken_on


def test_closed_mobility_checklist_is_read_only(coordinator):
    mobility = MobilityFactory.create()
    services.cancel_mobility(mobility, by=coordinator, reason="No placement", on=TODAY)
    budget = item(mobility, "preparation-budget")

    with pytest.raises(ValidationError, match="closed"):
        services.complete_item(budget, by=coordinator, version=0, done_on=TODAY)


def test_item_that_no_longer_applies_cannot_be_changed(coordinator):
    mobility = MobilityFactory.create(destination_country="ZA", destination_city="Durban")
    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"destination_country": "BE"}
    )
    visa = item(mobility, "preparation-visa")

    with pytest.raises(ValidationError, match="no longer applies"):
        services.complete_item(visa, by=coordinator, version=visa.version, done_on=TODAY)


def test_update_records_before_and_after(coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia")

    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"destination_city": "Sevilla"}
    )

    entry = mobility.audit_entries.get(action=Action.CHANGE)
    assert entry.changes == {"destination_city": ["Valencia", "Sevilla"]}
