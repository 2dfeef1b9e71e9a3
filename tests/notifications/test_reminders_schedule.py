"""The daily run: planned once at DIGEST_HOUR, by itself and by every migrate."""

import datetime

import pytest
from django.db.models.signals import post_migrate
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.notifications.helpers import days, due, stay, student_user
from wegwijzer.notifications import reminders, tasks
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification, OutboxMessage, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting_runs():
    return DBTaskResult.objects.filter(
        task_path=tasks.daily_run.module_path, status=TaskResultStatus.READY
    )


def test_the_run_is_planned_once_at_the_digest_hour(database_queue, settings):
    settings.DIGEST_HOUR = 6

    tasks.schedule_daily_run()
    tasks.schedule_daily_run()

    [waiting] = waiting_runs()
    assert timezone.localtime(waiting.run_after).time() == datetime.time(6, 0)
    assert waiting.run_after > timezone.now()


def test_each_run_plans_the_next_and_sends_what_is_due(database_queue):
    sanne = student_user("Sanne")
    due(stay(sanne), "orientation-information", days(1))

    done = tasks.daily_run.call()

    assert waiting_runs().count() == 1
    assert done["reminders"] >= 1
    assert Notification.objects.filter(user=sanne, kind=Kind.DUE_ITEMS).count() == 1


def test_migrate_plans_a_run_when_none_is_waiting(database_queue):
    queue = DBTaskResult._meta.app_config

    for _ in range(2):
        post_migrate.send(
            sender=queue, app_config=queue, verbosity=0, interactive=False, using="default"
        )

    assert waiting_runs().count() == 1


def test_the_immediate_backend_plans_nothing():
    tasks.schedule_daily_run()

    assert not DBTaskResult.objects.exists()


def test_the_next_run_is_later_today_or_tomorrow(settings):
    settings.DIGEST_HOUR = 7
    early = timezone.make_aware(datetime.datetime(2026, 6, 1, 5, 30))
    late = timezone.make_aware(datetime.datetime(2026, 6, 1, 7, 0))

    assert tasks.next_run(early) == timezone.make_aware(datetime.datetime(2026, 6, 1, 7, 0))
    assert tasks.next_run(late) == timezone.make_aware(datetime.datetime(2026, 6, 2, 7, 0))


def test_one_failing_part_does_not_stop_the_others(monkeypatch, caplog):
    def broken(today):
        raise RuntimeError("Sanne de Vries")

    monkeypatch.setattr(reminders, "send_reminders", broken)
    sanne = student_user("Sanne")
    stay(sanne, step=3, departure_date=days(30), return_date=days(90))  # DUO is due

    done = tasks.daily_run.call()

    assert done["reminders"] == -1
    assert done["duo"] == 1
    assert "reminders failed (RuntimeError)" in caplog.text
    assert "Sanne de Vries" not in caplog.text


def test_the_run_forgets_the_text_of_old_sent_emails(database_queue):
    old = OutboxMessage.objects.create(
        to_email="a@school.example", kind=Kind.TO_CHECK, language="nl", subject="Nakijken",
        body="Sanne", status=Status.SENT, sent_at=timezone.now() - datetime.timedelta(days=40),
    )  # fmt: skip

    done = tasks.daily_run.call()

    old.refresh_from_db()
    assert done["forgotten"] == 1 and old.body == ""
