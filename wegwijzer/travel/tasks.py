"""The daily travel advice import (its alerts are told through notifications.notify).

The import plans its next run before it works, and every migrate plans one when none is
waiting: the same pattern as the privacy app's retention run (see privacy/tasks.py).
"""

import datetime
import logging

from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wegwijzer.travel import services

logger = logging.getLogger(__name__)

# Early in the morning, before the coordinators start; after the retention run.
RUN_AT = datetime.time(4, 30)


@task
def import_travel_advice() -> bool:
    """Fetch every country's advice; returns whether the import was complete."""
    schedule_import()
    report = services.import_from_service()
    logger.info(
        "Travel advice: %d changed, %d unchanged, %d unclear, %d missing, %d failed.",
        len(report.changed), len(report.unchanged), len(report.unclear),
        len(report.missing), len(report.failed),
    )  # fmt: skip
    for failure in report.failed:
        logger.warning("Travel advice import: %s", failure)
    return report.complete


def schedule_import() -> None:
    """Plan the next morning's import, unless one is already waiting."""
    if not default_task_backend.supports_defer:
        return  # the immediate backend of the tests would run it on the spot, forever
    waiting = DBTaskResult.objects.filter(
        task_path=import_travel_advice.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return
    import_travel_advice.using(run_after=next_run()).enqueue()


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now)
    tomorrow = now.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, RUN_AT))
