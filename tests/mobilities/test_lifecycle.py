"""The life of a stay (mobilities/lifecycle.py): which moves are possible when, for whom,
with which days, and what a repeated, stale or unconfirmed post does."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from tests.factories import MobilityFactory
from wegwijzer.audit.models import Action
from wegwijzer.mobilities import lifecycle, services
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.mobilities.models import Decision, DecisionChoice, Mobility, Outcome
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


def stay(step: int, *, departure: int = 120, length: int = 90, **facts) -> Mobility:
    """A stay in a step, departing `departure` days from today, `length` days long."""
    mobility = MobilityFactory.create(
        departure_date=days(departure), return_date=days(departure + length), **facts
    )
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    return mobility


def settle(mobility: Mobility, by) -> None:
    for item in services.open_required_items(mobility, mobility.step):
        services.waive_item(item, by=by, version=item.version, reason="Settled for the test")


def post(client, name: str, mobility: Mobility, data=None, *, confirmed=True, follow=False):
    """A move's form as the page posts it: the stay's version, confirmed."""
    version = Mobility.objects.get(pk=mobility.pk).version
    posted = {"version": version, **({"confirmed": "1"} if confirmed else {}), **(data or {})}
    return client.post(reverse(name, args=[mobility.public_id]), posted, follow=follow)


def detail(client, mobility: Mobility) -> str:
    return client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()


def confirm_page(client, mobility: Mobility, move: str, **headers) -> str:
    url = reverse("mobilities:confirm", args=[mobility.public_id, move])
    return client.get(url, headers=headers).content.decode()


# Departure: step 4 from the departure day, with the actual day


@pytest.mark.usefixtures("english_messages")
def test_depart_before_the_departure_day_is_refused_with_the_day(coordinator):
    mobility = stay(Step.PREPARATION, departure=70)

    with pytest.raises(ValidationError, match="Departure is possible from"):
        services.depart(mobility, by=coordinator, on=TODAY)

    mobility.refresh_from_db()
    assert mobility.step == Step.PREPARATION and mobility.actual_departure_date is None


def test_depart_on_the_departure_day_records_the_actual_departure(coordinator):
    mobility = stay(Step.PREPARATION, departure=0)
    settle(mobility, coordinator)

    services.depart(mobility, by=coordinator, on=days(-2))

    mobility.refresh_from_db()
    assert mobility.step == Step.ABROAD and mobility.actual_departure_date == days(-2)
    entry = mobility.audit_entries.get(action=Action.ADVANCE)
    assert entry.changes["actual_departure_date"][1] == days(-2).isoformat()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (1, "The actual departure cannot be in the future."),
        (-8, "cannot be before"),
        (2_900_000, "The actual departure cannot be in the future."),
    ],
)
@pytest.mark.usefixtures("english_messages")
def test_depart_on_a_day_outside_the_week_before_up_to_today_is_refused(coordinator, day, message):
    mobility = stay(Step.PREPARATION, departure=0)
    settle(mobility, coordinator)

    with pytest.raises(ValidationError, match=message):
        services.depart(mobility, by=coordinator, on=days(day))

    mobility.refresh_from_db()
    assert mobility.step == Step.PREPARATION


def test_the_depart_button_before_the_departure_day_is_disabled_with_the_reason(
    client, coordinator
):
    mobility = stay(Step.PREPARATION, departure=70)
    client.force_login(coordinator)

    content = detail(client, mobility)

    assert "Vertrek kan vanaf" in content
    assert "disabled" in content.split('id="control-depart"')[1].split("</li>")[0]
    assert reverse("mobilities:depart", args=[mobility.public_id]) not in content


def test_the_depart_form_proposes_the_planned_departure(english, coordinator):
    mobility = stay(Step.PREPARATION, departure=0)
    settle(mobility, coordinator)
    english.force_login(coordinator)

    content = detail(english, mobility)

    assert reverse("mobilities:depart", args=[mobility.public_id]) in content
    assert f'value="{TODAY.isoformat()}"' in content.split('id="control-depart"')[1]


# Back home and completion from the return day


@pytest.mark.usefixtures("english_messages")
def test_advance_to_back_home_is_refused_before_the_return_day(coordinator):
    mobility = stay(Step.ABROAD, departure=-10)
    settle(mobility, coordinator)

    with pytest.raises(ValidationError, match="Back home is possible from"):
        services.advance_step(mobility, by=coordinator)

    assert Mobility.objects.get(pk=mobility.pk).step == Step.ABROAD


@pytest.mark.usefixtures("english_messages")
def test_complete_is_refused_before_the_return_day(coordinator):
    mobility = stay(Step.BACK_HOME, departure=70)
    settle(mobility, coordinator)

    with pytest.raises(ValidationError, match="Completing is possible from"):
        services.complete(mobility, by=coordinator, on=TODAY)

    assert Mobility.objects.get(pk=mobility.pk).is_open


@pytest.mark.parametrize(
    ("day", "message"),
    [(1, "cannot be in the future"), (-61, "cannot be before the departure")],
)
@pytest.mark.usefixtures("english_messages")
def test_complete_with_a_return_outside_departure_to_today_is_refused(coordinator, day, message):
    mobility = stay(Step.BACK_HOME, departure=-60, length=50)
    settle(mobility, coordinator)

    with pytest.raises(ValidationError, match=message):
        services.complete(mobility, by=coordinator, on=days(day))

    assert Mobility.objects.get(pk=mobility.pk).is_open


def test_complete_records_the_actual_return(coordinator):
    mobility = stay(Step.BACK_HOME, departure=-60, length=50)
    settle(mobility, coordinator)

    services.complete(mobility, by=coordinator, on=days(-12))

    mobility.refresh_from_db()
    assert mobility.outcome == Outcome.COMPLETED and mobility.actual_return_date == days(-12)


# Break-off: in step 4, on a day from the departure up to today


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (-11, "before the departure"),
        (1, "cannot be in the future"),
        (None, "cannot be in the future"),  # 9999-12-31
    ],
)
@pytest.mark.usefixtures("english_messages")
def test_break_off_outside_departure_to_today_is_refused(coordinator, day, message):
    mobility = stay(Step.ABROAD, departure=-10)
    on = datetime.date(9999, 12, 31) if day is None else days(day)

    with pytest.raises(ValidationError, match=message):
        services.break_off(mobility, by=coordinator, reason="Ill", on=on)

    mobility.refresh_from_db()
    assert mobility.is_open and mobility.actual_return_date is None


def test_break_off_on_9999_12_31_gets_a_message_not_a_server_error(english, coordinator):
    mobility = stay(Step.ABROAD, departure=-10)
    english.force_login(coordinator)

    response = post(
        english, "mobilities:break-off", mobility, {"reason": "Ill", "on": "9999-12-31"}
    )

    mobility.refresh_from_db()
    assert response.status_code == 200
    assert "Enter a date between 1900 and 2100." in response.content.decode()
    assert mobility.is_open


def test_break_off_on_the_departure_day_is_allowed(coordinator):
    mobility = stay(Step.ABROAD, departure=-10)

    services.break_off(mobility, by=coordinator, reason="Ill", on=days(-10))

    assert Mobility.objects.get(pk=mobility.pk).outcome == Outcome.BROKEN_OFF


# Which steps offer which move


@pytest.mark.parametrize(
    ("step", "offered"),
    [
        (Step.ORIENTATION, True),
        (Step.DECISION, True),
        (Step.PREPARATION, True),
        (Step.ABROAD, False),
        (Step.BACK_HOME, False),
    ],
)
def test_cancel_is_offered_in_steps_1_to_3_only(coordinator, step, offered):
    mobility = stay(step, departure=-10)

    moves = lifecycle.offered(mobility, user=coordinator, today=TODAY)

    assert (Move.CANCEL in moves) is offered
    assert (Move.BREAK_OFF in moves) is (step == Step.ABROAD)


@pytest.mark.usefixtures("english_messages")
def test_cancel_after_the_departure_was_recorded_is_refused(coordinator):
    mobility = stay(Step.PREPARATION, departure=-3)
    settle(mobility, coordinator)
    services.depart(mobility, by=coordinator, on=days(-3))
    services.move_back(mobility, by=coordinator, reason="Wrong button")

    with pytest.raises(ValidationError, match="break the stay off"):
        services.cancel_mobility(mobility, by=coordinator, reason="Ill", on=TODAY)

    assert Mobility.objects.get(pk=mobility.pk).is_open


@pytest.mark.usefixtures("english_messages")
def test_move_back_of_a_closed_stay_is_refused(coordinator):
    mobility = stay(Step.PREPARATION)
    services.cancel_mobility(mobility, by=coordinator, reason="No placement", on=TODAY)

    with pytest.raises(ValidationError, match="This mobility is closed"):
        services.move_back(mobility, by=coordinator, reason="Oops")

    mobility.refresh_from_db()
    assert mobility.step == Step.PREPARATION and mobility.outcome == Outcome.CANCELLED
    assert Move.MOVE_BACK not in lifecycle.offered(mobility, user=coordinator, today=TODAY)


# Versions: a repeated or stale post changes nothing


def test_every_move_raises_the_version_by_one(coordinator):
    mobility = stay(Step.ORIENTATION, departure=-40, length=30)
    settle(mobility, coordinator)
    versions = [Mobility.objects.get(pk=mobility.pk).version]

    services.advance_step(mobility, by=coordinator, version=versions[-1])
    versions.append(Mobility.objects.get(pk=mobility.pk).version)
    services.record_decision(
        mobility, by=coordinator, decision=DecisionChoice.GO, reason="Ready", decided_on=TODAY,
        override_reason="On paper", version=versions[-1],
    )  # fmt: skip
    versions.append(Mobility.objects.get(pk=mobility.pk).version)
    services.move_back(mobility, by=coordinator, version=versions[-1])
    versions.append(Mobility.objects.get(pk=mobility.pk).version)

    assert versions == [versions[0] + n for n in range(4)]
    assert mobility.version == versions[-1]  # the caller's copy follows


@pytest.mark.usefixtures("english_messages")
def test_a_stale_version_is_refused_and_changes_nothing(coordinator):
    mobility = stay(Step.ORIENTATION)
    settle(mobility, coordinator)
    stale = mobility.version
    Mobility.objects.filter(pk=mobility.pk).update(version=stale + 1)

    with pytest.raises(services.StaleMobilityError, match="changed since this page"):
        services.advance_step(mobility, by=coordinator, version=stale)

    assert Mobility.objects.get(pk=mobility.pk).step == Step.ORIENTATION
    assert not mobility.audit_entries.filter(action=Action.ADVANCE).exists()


def test_advance_posted_twice_with_the_same_version_moves_once_and_says_so(english, coordinator):
    mobility = stay(Step.PREPARATION, departure=0)
    settle(mobility, coordinator)
    english.force_login(coordinator)
    url = reverse("mobilities:depart", args=[mobility.public_id])
    data = {"version": mobility.version, "on": TODAY.isoformat()}

    english.post(url, data)
    second = english.post(url, data)

    mobility.refresh_from_db()
    assert mobility.step == Step.ABROAD
    assert mobility.audit_entries.filter(action=Action.ADVANCE).count() == 1
    assert "This stay changed since this page was shown." in second.content.decode()


def test_a_double_click_on_advance_does_not_skip_a_step(english, coordinator):
    mobility = stay(Step.ORIENTATION)
    settle(mobility, coordinator)
    english.force_login(coordinator)
    url = reverse("mobilities:advance", args=[mobility.public_id])

    english.post(url, {"version": mobility.version})
    second = english.post(url, {"version": mobility.version, "override_reason": "x"})

    mobility.refresh_from_db()
    assert mobility.step == Step.DECISION
    assert "This stay changed since this page was shown." in second.content.decode()


def test_the_page_forms_carry_the_version(english, coordinator):
    mobility = stay(Step.ORIENTATION)
    settle(mobility, coordinator)
    Mobility.objects.filter(pk=mobility.pk).update(version=7)
    english.force_login(coordinator)

    content = detail(english, mobility)

    advance = content.split('id="control-advance"')[1]
    assert '<input type="hidden" name="version" value="7">' in advance


# Confirmation of the moves that end or skip something


def test_a_move_to_confirm_posted_without_confirmation_shows_it_and_changes_nothing(
    english, coordinator
):
    mobility = stay(Step.PREPARATION)
    english.force_login(coordinator)

    response = post(
        english, "mobilities:cancel", mobility, {"reason": "Ill", "on": TODAY.isoformat()},
        confirmed=False,
    )  # fmt: skip

    content = response.content.decode()
    assert Mobility.objects.get(pk=mobility.pk).is_open
    assert "The stay is closed as cancelled before departure." in content
    assert '<input type="hidden" name="confirmed" value="1">' in content
    assert "Ill</textarea>" in content  # what was typed is kept


def test_the_confirmation_states_the_consequences(client, coordinator):
    mobility = stay(Step.BACK_HOME, departure=-60, length=50, funding="erasmus")
    client.force_login(coordinator)

    content = confirm_page(client, mobility, "complete")

    assert "Het verblijf wordt afgesloten als afgerond." in content
    assert "De Erasmus+-beurs telt dan als gerealiseerd." in content
    assert "verplichte punten van deze stap staan nog open." in content
    assert reverse("mobilities:complete", args=[mobility.public_id]) in content


def test_the_confirmation_says_why_a_move_cannot_happen_now(client, coordinator):
    mobility = stay(Step.BACK_HOME, departure=70)
    client.force_login(coordinator)

    content = confirm_page(client, mobility, "complete")

    assert "Afronden kan vanaf" in content
    assert 'name="confirmed"' not in content


def test_the_confirmation_for_htmx_is_the_fragment(client, coordinator):
    mobility = stay(Step.PREPARATION)
    client.force_login(coordinator)

    content = confirm_page(client, mobility, "cancel", **{"HX-Request": "true"})

    assert "<html" not in content and 'id="confirm-title"' in content
    assert 'name="confirmed" value="1"' in content


def test_an_unknown_move_is_not_found(client, coordinator):
    mobility = stay(Step.PREPARATION)
    client.force_login(coordinator)

    response = client.get(reverse("mobilities:confirm", args=[mobility.public_id, "teleport"]))

    assert response.status_code == 404


def test_advance_with_open_items_is_confirmed_first(english, coordinator):
    mobility = stay(Step.ORIENTATION)
    english.force_login(coordinator)

    content = detail(english, mobility)
    page = confirm_page(english, mobility, "advance")

    assert reverse("mobilities:confirm", args=[mobility.public_id, "advance"]) in content
    assert "3 required items of this step are still open." in page
    assert 'id="advance-override_reason"' in page


# Reopening a closed stay


def close(mobility: Mobility, outcome: str, by) -> Mobility:
    if outcome == Outcome.NOT_GOING:
        services.record_decision(
            mobility, by=by, decision=DecisionChoice.NO_GO, reason="Not ready", decided_on=TODAY
        )
    elif outcome == Outcome.CANCELLED:
        services.cancel_mobility(mobility, by=by, reason="No placement", on=TODAY)
    elif outcome == Outcome.BROKEN_OFF:
        services.break_off(mobility, by=by, reason="Homesick", on=days(-5))
    else:
        settle(mobility, by)
        services.complete(mobility, by=by, on=mobility.return_date)
    mobility.refresh_from_db()
    return mobility


@pytest.mark.parametrize(
    ("step", "outcome", "reopened_in"),
    [
        (Step.DECISION, Outcome.NOT_GOING, Step.DECISION),
        (Step.PREPARATION, Outcome.CANCELLED, Step.PREPARATION),
        (Step.ABROAD, Outcome.BROKEN_OFF, Step.ABROAD),
        (Step.BACK_HOME, Outcome.COMPLETED, Step.BACK_HOME),
    ],
)
def test_reopen_opens_each_outcome_again(coordinator, step, outcome, reopened_in):
    mobility = close(stay(step, departure=-30, length=20), outcome, coordinator)
    Mobility.objects.filter(pk=mobility.pk).update(actual_departure_date=days(-30))

    services.reopen(mobility, by=coordinator, reason="Closed by mistake")

    mobility.refresh_from_db()
    assert mobility.is_open and mobility.step == reopened_in
    assert mobility.outcome_reason == "" and mobility.outcome_date is None
    assert mobility.actual_return_date is None
    assert mobility.actual_departure_date == days(-30)
    entry = mobility.audit_entries.get(action=Action.REOPEN)
    assert entry.note == "Closed by mistake" and entry.changes["outcome"] == [outcome, ""]


@pytest.mark.usefixtures("english_messages")
def test_a_reopened_no_go_keeps_its_decision_and_needs_a_new_one(coordinator):
    mobility = close(stay(Step.DECISION), Outcome.NOT_GOING, coordinator)

    services.reopen(mobility, by=coordinator, reason="New facts")

    assert Decision.objects.get(mobility=mobility).decision == DecisionChoice.NO_GO
    with pytest.raises(ValidationError, match="Record the go/no-go decision"):
        services.advance_step(mobility, by=coordinator, override_reason="x")


@pytest.mark.usefixtures("english_messages")
def test_reopen_without_a_reason_is_refused(coordinator):
    mobility = close(stay(Step.PREPARATION), Outcome.CANCELLED, coordinator)

    with pytest.raises(ValidationError, match="Give a reason to reopen"):
        services.reopen(mobility, by=coordinator, reason="  ")

    assert Mobility.objects.get(pk=mobility.pk).outcome == Outcome.CANCELLED


@pytest.mark.usefixtures("english_messages")
def test_reopen_of_an_open_stay_is_refused(coordinator):
    mobility = stay(Step.PREPARATION)

    with pytest.raises(ValidationError, match="only a closed stay can be reopened"):
        services.reopen(mobility, by=coordinator, reason="Why not")


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_reopen_is_not_for_the_other_roles(client, request, role):
    user = request.getfixturevalue(role)
    coordinator = request.getfixturevalue("coordinator")
    facts = {
        "supervisor": {"supervisor": user},
        "mentor": {"student__mentor": user},
        "student": {"student": getattr(user, "student", None)},
    }[role]
    mobility = close(stay(Step.PREPARATION, **facts), Outcome.CANCELLED, coordinator)
    client.force_login(user)

    page = client.get(reverse("mobilities:confirm", args=[mobility.public_id, "reopen"]))
    response = post(client, "mobilities:reopen", mobility, {"reason": "Let me in"})

    assert page.status_code == 403 and response.status_code == 403
    assert Mobility.objects.get(pk=mobility.pk).outcome == Outcome.CANCELLED
    assert Move.REOPEN not in lifecycle.offered(mobility, user=user, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.reopen(mobility, by=user, reason="Let me in")


def test_the_coordinator_reopens_a_completed_stay_with_a_reason(client, coordinator):
    mobility = close(stay(Step.BACK_HOME, departure=-60, length=50), Outcome.COMPLETED, coordinator)
    client.force_login(coordinator)

    refused = post(client, "mobilities:reopen", mobility, {"reason": ""})
    response = post(
        client, "mobilities:reopen", mobility, {"reason": "Report missing"}, follow=True
    )

    mobility.refresh_from_db()
    assert "Geef de reden om het verblijf te heropenen." in refused.content.decode()
    assert mobility.is_open and mobility.step == Step.BACK_HOME
    assert "Het verblijf is weer open, in stap 5, Terug in Nederland." in response.content.decode()
    assert escape("Report missing") in response.content.decode()


def test_the_page_shows_the_actual_departure(english, coordinator):
    mobility = stay(Step.PREPARATION, departure=0)
    settle(mobility, coordinator)
    services.depart(mobility, by=coordinator, on=days(-1))
    english.force_login(coordinator)

    content = detail(english, mobility)

    with translation.override("en"):
        shown = date_format(days(-1))
    assert f"<dt>Actual departure</dt><dd>{shown}</dd>" in content
