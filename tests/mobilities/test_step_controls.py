"""The coordinator's controls: moving between steps, the go/no-go and ending a mobility."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import MobilityFactory
from wegwijzer.audit.models import Action
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import Decision, ItemStatus, Mobility, Outcome

pytestmark = pytest.mark.django_db


def at_step(step, **facts):
    mobility = MobilityFactory.create(**facts)
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    return mobility


def settle_step(mobility, by):
    for item in services.open_required_items(mobility, mobility.step):
        services.waive_item(item, by=by, version=item.version, reason="Settled for the test")


def act(client, name, mobility, data=None, follow=False):
    """Post a move as its form would: with the stay's version, confirmed."""
    version = Mobility.objects.get(pk=mobility.pk).version
    posted = {"version": version, "confirmed": "1", **(data or {})}
    return client.post(reverse(name, args=[mobility.public_id]), posted, follow=follow)


def today():
    return timezone.localdate().isoformat()


# Advance and move back


def test_advance_with_every_required_item_settled(english, coordinator):
    mobility = at_step(1)
    settle_step(mobility, coordinator)
    english.force_login(coordinator)

    response = act(english, "mobilities:advance", mobility, follow=True)

    mobility.refresh_from_db()
    assert mobility.step == 2
    assert "The mobility moved on to step 2, Decision." in response.content.decode()


def test_advance_with_open_items_asks_for_a_reason_and_stays(english, coordinator):
    mobility = at_step(1)
    english.force_login(coordinator)

    response = act(english, "mobilities:advance", mobility, {"override_reason": " "})

    mobility.refresh_from_db()
    content = response.content.decode()
    assert response.status_code == 200 and mobility.step == 1
    assert "3 required items of this step are still open." in content
    assert "give a reason to move on anyway." in content
    assert 'id="advance-override_reason"' in content


def test_advance_with_open_items_and_a_reason_is_kept_as_an_override(english, coordinator):
    mobility = at_step(1)
    english.force_login(coordinator)

    act(english, "mobilities:advance", mobility, {"override_reason": "Oriented elsewhere"})

    mobility.refresh_from_db()
    assert mobility.step == 2
    assert mobility.audit_entries.filter(action=Action.ADVANCE, note="Oriented elsewhere").exists()


def test_advance_from_the_decision_step_needs_a_go_first(english, coordinator):
    mobility = at_step(2)
    settle_step(mobility, coordinator)
    english.force_login(coordinator)

    response = act(english, "mobilities:advance", mobility)

    mobility.refresh_from_db()
    assert mobility.step == 2
    assert "Record the go/no-go decision before moving on." in response.content.decode()


def test_complete_from_step_5_closes_the_mobility_with_its_actual_return(english, coordinator):
    back = timezone.localdate() - datetime.timedelta(days=3)
    mobility = at_step(5, departure_date=back - datetime.timedelta(days=60), return_date=back)
    settle_step(mobility, coordinator)
    english.force_login(coordinator)

    response = act(english, "mobilities:complete", mobility, {"on": back.isoformat()}, follow=True)

    mobility.refresh_from_db()
    content = response.content.decode()
    assert mobility.outcome == Outcome.COMPLETED
    assert mobility.actual_return_date == back
    assert "The mobility is completed." in content and "It can be read, not changed." in content


def test_step_5_offers_to_complete_the_mobility(english, coordinator):
    mobility = at_step(5)
    english.force_login(coordinator)

    content = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content

    assert b"Complete the mobility" in content


def test_move_back_returns_to_the_previous_step_with_the_reason(english, coordinator):
    mobility = at_step(3)
    english.force_login(coordinator)

    act(english, "mobilities:move-back", mobility, {"reason": "Placement fell through"})

    mobility.refresh_from_db()
    assert mobility.step == 2
    assert mobility.audit_entries.filter(
        action=Action.MOVE_BACK, note="Placement fell through"
    ).exists()


def test_move_back_from_the_first_step_is_refused_with_a_message(english, coordinator):
    mobility = at_step(1)
    english.force_login(coordinator)

    response = act(english, "mobilities:move-back", mobility)

    assert "This mobility is in the first step already." in response.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_step_controls_are_forbidden_to_other_roles(
    client, request, role, student, supervisor, mentor
):
    mobility = at_step(3, student=student.student, supervisor=supervisor)
    student.student.mentor = mentor
    student.student.save()
    client.force_login(request.getfixturevalue(role))

    responses = [
        act(client, "mobilities:advance", mobility, {"override_reason": "x"}),
        act(client, "mobilities:move-back", mobility),
        act(client, "mobilities:cancel", mobility, {"reason": "x", "on": today()}),
    ]

    mobility.refresh_from_db()
    assert [response.status_code for response in responses] == [403, 403, 403]
    assert mobility.step == 3 and mobility.is_open


def test_step_controls_are_not_found_for_someone_elses_mobility(client, other_student):
    mobility = at_step(1)
    client.force_login(other_student)

    response = act(client, "mobilities:advance", mobility, {"override_reason": "x"})

    assert response.status_code == 404


# The go/no-go


def decision_data(decision, **overrides):
    return {"decision": decision, "decided_on": today(), "reason": "Talked it through"} | overrides


def test_decision_form_is_offered_in_step_2(english, coordinator):
    mobility = at_step(2)
    english.force_login(coordinator)

    content = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert reverse("mobilities:confirm", args=[mobility.public_id, "decide"]) in content
    assert reverse("mobilities:advance", args=[mobility.public_id]) not in content
    assert "Record the go/no-go decision before moving on." in content


def test_decision_go_moves_on_to_preparation(english, coordinator):
    mobility = at_step(2)
    settle_step(mobility, coordinator)
    english.force_login(coordinator)

    response = act(english, "mobilities:decide", mobility, decision_data("go"), follow=True)

    mobility.refresh_from_db()
    decision = Decision.objects.get()
    assert mobility.step == 3 and mobility.is_open
    assert (decision.decision, decision.decided_by) == ("go", coordinator)
    content = response.content.decode()
    assert "Go: the mobility moved on to step 3, Preparation." in content
    decisions = content.split('id="decisions-title"')[1]
    assert (
        "Go" in decisions
        and "Talked it through" in decisions
        and escape(str(coordinator)) in decisions
    )


def test_decision_go_with_open_items_needs_an_override_reason(english, coordinator):
    mobility = at_step(2)
    english.force_login(coordinator)

    response = act(english, "mobilities:decide", mobility, decision_data("go"))

    mobility.refresh_from_db()
    assert mobility.step == 2 and Decision.objects.count() == 0
    assert "give a reason to move on anyway." in response.content.decode()


def test_decision_go_with_open_items_and_an_override_reason(english, coordinator):
    mobility = at_step(2)
    english.force_login(coordinator)

    act(
        english, "mobilities:decide", mobility,
        decision_data("go", override_reason="Consent comes next week"),
    )  # fmt: skip

    mobility.refresh_from_db()
    assert mobility.step == 3 and Decision.objects.count() == 1


def test_decision_no_go_closes_the_mobility_and_shows_the_alternatives(english, coordinator):
    mobility = at_step(2)
    english.force_login(coordinator)

    response = act(
        english, "mobilities:decide", mobility,
        decision_data("no_go", reason="Not ready to go alone"), follow=True,
    )  # fmt: skip

    mobility.refresh_from_db()
    content = response.content.decode()
    assert mobility.outcome == Outcome.NOT_GOING
    assert mobility.outcome_reason == "Not ready to go alone"
    assert "An international experience at home" in content
    assert "internationalisation at home" in content
    assert '<a href="https://www.stagemarkt.nl">Stagemarkt.nl</a>' in content
    assert reverse("mobilities:decide", args=[mobility.public_id]) not in content


def test_decision_without_a_reason_saves_nothing(english, coordinator):
    mobility = at_step(2)
    english.force_login(coordinator)

    response = act(english, "mobilities:decide", mobility, decision_data("no_go", reason=""))

    mobility.refresh_from_db()
    assert "Give the reason for the decision." in response.content.decode()
    assert mobility.is_open and Decision.objects.count() == 0


def test_decision_by_a_student_is_forbidden(client, student):
    mobility = at_step(2, student=student.student)
    client.force_login(student)

    response = act(client, "mobilities:decide", mobility, decision_data("go", override_reason="x"))

    mobility.refresh_from_db()
    assert response.status_code == 403
    assert mobility.step == 2 and Decision.objects.count() == 0


# Ending a mobility


def test_cancel_before_departure_closes_the_mobility(english, coordinator):
    mobility = at_step(3)
    english.force_login(coordinator)

    response = act(
        english, "mobilities:cancel", mobility,
        {"reason": "No placement found", "on": today()}, follow=True,
    )  # fmt: skip

    mobility.refresh_from_db()
    assert mobility.outcome == Outcome.CANCELLED
    assert mobility.outcome_reason == "No placement found"
    assert "The mobility is cancelled." in response.content.decode()


def test_cancel_without_a_reason_is_refused(english, coordinator):
    mobility = at_step(1)
    english.force_login(coordinator)

    response = act(english, "mobilities:cancel", mobility, {"reason": "", "on": today()})

    mobility.refresh_from_db()
    assert "Give a reason." in response.content.decode() and mobility.is_open


def test_cancel_is_not_offered_once_abroad(english, coordinator):
    mobility = at_step(4)
    english.force_login(coordinator)

    response = act(english, "mobilities:cancel", mobility, {"reason": "Ill", "on": today()})

    mobility.refresh_from_db()
    assert "The student has left already: break the stay off instead." in response.content.decode()
    assert mobility.is_open


def test_break_off_abroad_ends_the_stay_on_that_day(english, coordinator):
    departure = timezone.localdate() - datetime.timedelta(days=10)
    mobility = at_step(4)
    Mobility.objects.filter(pk=mobility.pk).update(departure_date=departure)
    english.force_login(coordinator)

    response = act(
        english, "mobilities:break-off", mobility,
        {"reason": "Homesick", "on": today()}, follow=True,
    )  # fmt: skip

    mobility.refresh_from_db()
    assert mobility.outcome == Outcome.BROKEN_OFF
    assert mobility.actual_return_date == timezone.localdate()
    content = response.content.decode()
    assert "The stay is broken off." in content and "Broken off abroad" in content


def test_break_off_before_the_departure_is_refused(english, coordinator):
    mobility = at_step(4)
    english.force_login(coordinator)

    response = act(english, "mobilities:break-off", mobility, {"reason": "Ill", "on": today()})

    mobility.refresh_from_db()
    assert "cannot be broken off before the departure" in response.content.decode()
    assert mobility.is_open


def test_break_off_is_forbidden_to_the_supervisor(client, supervisor):
    mobility = at_step(4, supervisor=supervisor)
    client.force_login(supervisor)

    response = act(client, "mobilities:break-off", mobility, {"reason": "Ill", "on": today()})

    mobility.refresh_from_db()
    assert response.status_code == 403 and mobility.is_open


def test_closed_mobility_refuses_further_steps_with_a_message(english, coordinator):
    mobility = at_step(3)
    services.cancel_mobility(mobility, by=coordinator, reason="Ill", on=timezone.localdate())
    english.force_login(coordinator)

    response = act(english, "mobilities:advance", mobility, {"override_reason": "x"})

    mobility.refresh_from_db()
    assert "This mobility is closed; it can only be read." in response.content.decode()
    assert mobility.step == 3 and mobility.outcome == Outcome.CANCELLED


def test_waived_items_stay_settled_after_moving_back(english, coordinator):
    mobility = at_step(2)
    settle_step(mobility, coordinator)
    english.force_login(coordinator)

    act(english, "mobilities:move-back", mobility)

    assert not mobility.items.filter(step=2, required=True, status=ItemStatus.OPEN).exists()


def test_advance_is_offered_again_in_step_2_after_a_go(english, coordinator):
    mobility = at_step(2)
    services.record_decision(
        mobility, by=coordinator, decision="go", reason="Ready", decided_on=timezone.localdate(),
        override_reason="Checked on paper",
    )  # fmt: skip
    services.move_back(mobility, by=coordinator, reason="Placement fell through")
    english.force_login(coordinator)

    content = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert reverse("mobilities:confirm", args=[mobility.public_id, "advance"]) in content
    assert reverse("mobilities:confirm", args=[mobility.public_id, "decide"]) in content
