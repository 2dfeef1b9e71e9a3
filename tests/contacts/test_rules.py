"""The contact rules: planning, the window, missed moments and the wellbeing flag."""

import datetime
from typing import Any

import pytest

from tests.contacts.helpers import TODAY, abroad, agree, log
from wegwijzer.contacts import planning
from wegwijzer.contacts.models import ContactAgreement, ContactMoment
from wegwijzer.contacts.planning import GRACE, missed_by, plan_days
from wegwijzer.contacts.wellbeing import flagged, flags
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Mobility, Outcome

D = datetime.date


def test_weekly_for_four_weeks_then_every_fortnight():
    agreement = ContactAgreement(first_weeks=4, first_every_days=7, then_every_days=14)

    days = plan_days(agreement, D(2027, 3, 1), D(2027, 5, 1))

    assert [due for due, _opens in days] == [
        D(2027, 3, 8), D(2027, 3, 15), D(2027, 3, 22), D(2027, 3, 29),
        D(2027, 4, 12), D(2027, 4, 26),
    ]  # fmt: skip
    # The window opens half an interval before the day.
    assert days[0][1] == D(2027, 3, 5)
    assert days[4][1] == D(2027, 4, 5)


def test_nothing_is_planned_after_the_last_day():
    agreement = ContactAgreement(first_weeks=0, first_every_days=7, then_every_days=30)

    assert plan_days(agreement, D(2027, 3, 1), D(2027, 3, 30)) == []


@pytest.mark.django_db
def test_a_contact_fulfils_the_earliest_open_moment_in_its_window(supervisor):
    mobility = abroad(supervisor=supervisor, departed_days_ago=0)
    agree(mobility, supervisor)
    first = mobility.contact_moments.first()
    assert first is not None
    assert first.due_on == TODAY + datetime.timedelta(days=7)

    # Too early: before the window opens (half an interval before the day).
    early = log(mobility, supervisor, days_ago=0)
    assert not ContactMoment.objects.filter(entry=early).exists()

    on_time = log(mobility, supervisor, days_ago=-4)
    first.refresh_from_db()
    assert first.entry == on_time


@pytest.mark.django_db
def test_a_contact_within_grace_days_after_still_counts(supervisor):
    mobility = abroad(supervisor=supervisor, departed_days_ago=7 + GRACE)
    agree(mobility, supervisor)
    # Planned anew from today: past moments are not made for an agreement set late.
    ContactMoment.objects.create(
        mobility=mobility, due_on=TODAY - datetime.timedelta(days=GRACE),
        opens_on=TODAY - datetime.timedelta(days=GRACE + 3),
    )  # fmt: skip

    entry = log(mobility, supervisor, days_ago=0)

    assert ContactMoment.objects.get(entry=entry).due_on == TODAY - datetime.timedelta(days=GRACE)


@pytest.mark.django_db
def test_a_moment_is_missed_grace_days_after_its_day(supervisor):
    mobility = abroad(supervisor=supervisor)
    due = TODAY - datetime.timedelta(days=GRACE)
    moment = ContactMoment.objects.create(mobility=mobility, due_on=due, opens_on=due)

    assert not ContactMoment.objects.filter(missed_by(TODAY)).exists()
    assert list(ContactMoment.objects.filter(missed_by(TODAY + datetime.timedelta(days=1)))) == [
        moment
    ]
    # Not for a stay that ended.
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.CANCELLED)
    assert not ContactMoment.objects.filter(missed_by(TODAY + datetime.timedelta(days=1))).exists()


@pytest.mark.django_db
def test_replanning_keeps_held_and_past_moments_and_follows_the_dates(supervisor):
    mobility = abroad(supervisor=supervisor, departed_days_ago=0, days_left=90)
    agree(mobility, supervisor)
    held = log(mobility, supervisor, days_ago=-7)
    past = ContactMoment.objects.create(
        mobility=mobility, due_on=TODAY - datetime.timedelta(days=1), opens_on=TODAY
    )

    agree(mobility, supervisor, first_weeks=0, then_every_days=30)

    days = list(mobility.contact_moments.values_list("due_on", flat=True))
    assert past.due_on in days
    assert ContactMoment.objects.filter(entry=held).exists()
    assert TODAY + datetime.timedelta(days=30) in days
    assert TODAY + datetime.timedelta(days=14) not in days

    # The stay is shortened: planning follows when replan is called.
    Mobility.objects.filter(pk=mobility.pk).update(return_date=TODAY + datetime.timedelta(days=40))
    mobility.refresh_from_db()
    planning.replan(mobility)
    assert TODAY + datetime.timedelta(days=60) not in set(
        mobility.contact_moments.values_list("due_on", flat=True)
    )


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], False), ([3], False), ([2], True), ([1], True), ([5, 5, 2], True),
        ([5, 4, 3], True), ([4, 4, 3], False), ([5, 3, 4], False), ([4, 3], False),
        ([2, 4], False), ([5, 4, 3, 4], False),
    ],
)  # fmt: skip
def test_the_wellbeing_rule(scores, expected):
    assert flags(scores) is expected


@pytest.mark.django_db
def test_a_stay_is_flagged_by_its_latest_scored_contact(supervisor):
    mobility = abroad(supervisor=supervisor)
    log(mobility, supervisor, days_ago=9, wellbeing=5)
    log(mobility, supervisor, days_ago=6, wellbeing=4)
    falling = log(mobility, supervisor, days_ago=3, wellbeing=3)
    assert falling.flags
    assert list(flagged(Mobility.objects.all())) == [mobility]

    log(mobility, supervisor, days_ago=1, wellbeing=4)
    log(mobility, supervisor, days_ago=0)  # not scored: does not change the flag

    assert not flagged(Mobility.objects.all()).exists()


@pytest.mark.django_db
def test_on_one_day_the_contact_logged_last_decides_the_flag(supervisor):
    mobility = abroad(supervisor=supervisor)
    assert log(mobility, supervisor, days_ago=2, wellbeing=1).flags
    assert list(flagged(Mobility.objects.all())) == [mobility]

    log(mobility, supervisor, days_ago=2, wellbeing=5)

    assert not flagged(Mobility.objects.all()).exists()


@pytest.mark.django_db
def test_flagged_stays_come_lowest_score_first_and_only_those_asked_for(supervisor):
    two, one, elsewhere = (abroad(supervisor=supervisor) for _ in range(3))
    log(two, supervisor, wellbeing=2)
    log(one, supervisor, wellbeing=1)
    log(elsewhere, supervisor, wellbeing=1)

    listed: Any = flagged(Mobility.objects.exclude(pk=elsewhere.pk))

    assert [(stay, stay.latest_wellbeing) for stay in listed] == [(one, 1), (two, 2)]


def test_moments_follow_an_extension_and_go_when_the_stay_is_broken_off(coordinator, supervisor):
    mobility = abroad(supervisor=supervisor, departed_days_ago=0, days_left=30)
    agree(mobility, supervisor, first_weeks=0, then_every_days=14)
    later = TODAY + datetime.timedelta(days=56)
    assert later not in set(mobility.contact_moments.values_list("due_on", flat=True))

    mobility_services.extend_stay(
        mobility, by=coordinator, new_return=TODAY + datetime.timedelta(days=60),
        reason="Het leerbedrijf vraagt twee maanden langer.", version=mobility.version,
    )  # fmt: skip
    assert later in set(mobility.contact_moments.values_list("due_on", flat=True))

    mobility.refresh_from_db()
    mobility_services.break_off(
        mobility, by=coordinator, reason="Heimwee.", on=TODAY, version=mobility.version
    )
    assert not mobility.contact_moments.filter(due_on__gte=TODAY, entry__isnull=True).exists()
