"""One rule for "abroad on a day": the roll call and who-is-where list the same stays."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.care.helpers import start
from tests.whereabouts.helpers import stay
from wegwijzer.care import tasks
from wegwijzer.care.queries import abroad_countries
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step
from wegwijzer.whereabouts import queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def stays_around(today: datetime.date) -> dict[str, Mobility]:
    """A stay of each kind whose dates reach today, by what happened to it."""
    began = today - 30 * DAY
    planned_back = today + 30 * DAY
    return {
        "under way": stay(departure=began, back=planned_back),
        "completed today": stay(
            departure=began, back=today, step=Step.BACK_HOME, outcome=Outcome.COMPLETED,
            actual_return_date=today,
        ),
        "completed yesterday": stay(
            departure=began, back=today - DAY, step=Step.BACK_HOME,
            outcome=Outcome.COMPLETED, actual_return_date=today - DAY,
        ),
        "broken off today": stay(
            departure=began, back=planned_back, outcome=Outcome.BROKEN_OFF,
            actual_return_date=today,
        ),
        "broken off yesterday": stay(
            departure=began, back=planned_back, outcome=Outcome.BROKEN_OFF,
            actual_return_date=today - DAY,
        ),
        "cancelled": stay(departure=began, back=planned_back, outcome=Outcome.CANCELLED),
        "no-go": stay(
            departure=began, back=planned_back, step=Step.DECISION, outcome=Outcome.NOT_GOING
        ),
        "no decision yet": stay(departure=today, back=planned_back, step=Step.DECISION),
        "departing today": stay(departure=today, back=planned_back, step=Step.PREPARATION),
    }  # fmt: skip


ABROAD_TODAY = {"under way", "completed today", "broken off today", "departing today"}


def names(stays: dict[str, Mobility], mobilities) -> set[str]:
    kind = {mobility.pk: name for name, mobility in stays.items()}
    return {kind[mobility.pk] for mobility in mobilities}


def test_roll_call_and_who_is_where_list_the_same_stays_abroad_today(
    coordinator, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    stays = stays_around(today)

    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    listed = [
        mobility
        for mobility in queries.on_day(Mobility.objects.all(), today)
        if mobility.presence == queries.ABROAD  # type: ignore[attr-defined]
    ]

    called = [entry.mobility for entry in roll_call.entries.all()]
    assert names(stays, called) == ABROAD_TODAY
    assert names(stays, listed) == ABROAD_TODAY
    assert abroad_countries(today) == [("ES", len(ABROAD_TODAY))]


def test_roll_call_mails_no_stay_whose_last_day_has_passed(
    coordinator, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    ended = {
        stay(departure=today - 30 * DAY, back=today - DAY, step=Step.BACK_HOME,
             outcome=outcome, actual_return_date=today - DAY)
        for outcome in (Outcome.COMPLETED, Outcome.BROKEN_OFF)
    }  # fmt: skip
    Mobility.objects.filter(pk__in=[m.pk for m in ended]).update(step=Step.BACK_HOME)
    under_way = stay(departure=today - 30 * DAY, back=today + 30 * DAY)
    mail.outbox.clear()

    roll_call = start(coordinator, django_capture_on_commit_callbacks)

    assert [entry.mobility for entry in roll_call.entries.all()] == [under_way]
    assert len(mail.outbox) == 1


def test_the_reminder_interval_is_in_hours(
    settings, coordinator, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    today = timezone.localdate()
    stay(departure=today - DAY, back=today + 30 * DAY)
    before = timezone.now()

    start(coordinator, django_capture_on_commit_callbacks, hours=3)

    reminder = DBTaskResult.objects.get(task_path=tasks.remind_roll_call.module_path)
    assert before + datetime.timedelta(hours=3) <= reminder.run_after
    assert reminder.run_after <= timezone.now() + datetime.timedelta(hours=3)
