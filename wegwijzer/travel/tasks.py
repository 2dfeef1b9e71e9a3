"""The daily travel advice import (its alerts are told through notifications.notify).

The import plans its next run before it works, and every migrate plans one when none is
waiting: the same pattern as the privacy app's retention run (see privacy/tasks.py).
"""

import datetime
import logging

from django.tasks import task
from django.utils import timezone

from wegwijzer.core.scheduling import plan_once
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
    plan_once(import_travel_advice, next_run())


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now)
    tomorrow = now.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, RUN_AT))
