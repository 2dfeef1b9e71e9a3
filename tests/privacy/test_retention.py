import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.privacy import tasks
from wegwijzer.privacy.retention import expired_students, retention_cutoff
from wegwijzer.students.models import Student

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def ended_stay(student_number, returned, outcome=Outcome.COMPLETED):
    """A stay that ended on a day, closed as it would be."""
    mobility = MobilityFactory.create(
        student=StudentFactory.create(student_number=student_number),
        departure_date=returned - datetime.timedelta(90), return_date=returned,
    )  # fmt: skip
    Mobility.objects.filter(pk=mobility.pk).update(
        outcome=outcome, outcome_date=returned, actual_return_date=returned
    )
    return mobility.student


def test_cutoff_is_retention_years_before_today(settings):
    settings.RETENTION_YEARS = 5

    assert retention_cutoff(TODAY) == datetime.date(2021, 6, 1)
    assert retention_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2023, 2, 28)


def test_expired_are_students_whose_last_stay_ended_before_the_cutoff(settings):
    settings.RETENTION_YEARS = 5
    old = ended_stay("100001", datetime.date(2021, 5, 31))
    ended_stay("100002", datetime.date(2021, 6, 1))
    # A student with an old stay and a recent one is kept for the recent one.
    twice = ended_stay("100003", datetime.date(2019, 1, 1))
    MobilityFactory.create(student=twice)

    assert list(expired_students(TODAY)) == [old]


def test_a_student_who_never_went_is_expired_after_the_years_since_the_record(settings):
    settings.RETENTION_YEARS = 5
    old = StudentFactory.create(student_number="200001")
    Student.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2020, 1, 1))
    )
    StudentFactory.create(student_number="200002")

    assert list(expired_students(TODAY)) == [old]


def test_dry_run_lists_numbers_and_dates_and_changes_nothing(settings):
    settings.RETENTION_YEARS = 1
    student = ended_stay("300001", datetime.date(2020, 3, 15))
    out = io.StringIO()

    call_command("erase_expired_students", "--dry-run", stdout=out)

    assert "300001\t2020-03-15" in out.getvalue()
    assert Student.objects.get(pk=student.pk).erased_at is None


def test_command_erases_the_expired_students(settings):
    settings.RETENTION_YEARS = 1
    expired = ended_stay("300001", datetime.date(2020, 3, 15))
    recent = StudentFactory.create(student_number="300002")
    out = io.StringIO()

    call_command("erase_expired_students", stdout=out)

    assert "Erased 1 students" in out.getvalue()
    assert Student.objects.get(pk=expired.pk).student_number.startswith("erased-")
    assert Student.objects.get(pk=recent.pk).student_number == "300002"


def test_daily_task_erases_and_is_not_planned_ahead_without_a_queue(settings):
    settings.RETENTION_YEARS = 1
    expired = ended_stay("300001", datetime.date(2020, 3, 15))

    erased = tasks.erase_expired_students.enqueue().return_value

    assert erased == 1
    assert Student.objects.get(pk=expired.pk).erased_at is not None


def test_daily_task_plans_the_next_night_once_on_the_database_queue(database_queue):
    tasks.schedule_retention()
    tasks.schedule_retention()

    waiting = DBTaskResult.objects.get(task_path=tasks.erase_expired_students.module_path)
    assert timezone.localtime(waiting.run_after).time() == datetime.time(3, 0)
    assert waiting.run_after > timezone.now()


def test_next_run_is_the_following_night():
    now = timezone.make_aware(datetime.datetime(2026, 6, 1, 14, 30))

    assert tasks.next_run(now) == timezone.make_aware(datetime.datetime(2026, 6, 2, 3, 0))


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting_runs():
    return DBTaskResult.objects.filter(
        task_path=tasks.erase_expired_students.module_path, status=TaskResultStatus.READY
    )


def test_each_run_plans_the_next_before_its_work(database_queue):
    tasks.erase_expired_students.call()

    assert waiting_runs().count() == 1


def test_migrate_plans_a_run_when_none_is_waiting(database_queue):
    queue = DBTaskResult._meta.app_config

    for _ in range(2):
        post_migrate.send(
            sender=queue, app_config=queue, verbosity=0, interactive=False, using="default"
        )

    assert waiting_runs().count() == 1


@pytest.mark.django_db
def test_the_nightly_run_removes_import_uploads_never_applied_after_a_day():
    """A dry run's upload is a whole export of the student information system; one nobody
    applied goes the next night, even when nobody starts another import."""
    from tests.imports.helpers import csv_bytes, run_of
    from wegwijzer.imports.models import ImportRun

    content = csv_bytes([["Studentnummer", "Achternaam"], ["100001", "Jansen"]])
    old, fresh = run_of(content), run_of(content)
    ImportRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )

    tasks.erase_expired_students.call()

    assert list(ImportRun.objects.values_list("pk", flat=True)) == [fresh.pk]
