"""The daily retention run.

django-tasks-db has no schedule of its own (no cron), but it keeps a task until its
`run_after`. So the run plans the next one for the following night before it does its
work, and every `migrate` (each deploy) plans one when none is waiting: one lost run, by a
crash or an emptied queue, is made good by the next deploy. A cron or systemd timer line
running `manage.py erase_expired_students` does the same job on hosts that prefer that
(README).
"""

import datetime
import logging

from django.tasks import task
from django.utils import timezone

from wegwijzer.core.scheduling import plan_once
from wegwijzer.imports.services import remove_forgotten_uploads
from wegwijzer.privacy.erasure import erase_student
from wegwijzer.privacy.retention import expired_students

logger = logging.getLogger(__name__)

# At night, when nobody is working in the application.
RUN_AT = datetime.time(3, 0)


@task
def erase_expired_students() -> int:
    """Erase every student past the retention period; returns how many."""
    schedule_retention()
    erased = 0
    for student in expired_students():
        erase_student(student, by=None)
        erased += 1
    # A count only: a name or number in the log would be the data just erased.
    logger.info("Retention: erased %d students.", erased)
    forgotten = remove_forgotten_uploads()
    logger.info("Retention: removed %d import uploads never applied.", forgotten)
    return erased


def schedule_retention() -> None:
    """Plan the next night's run, unless one is already waiting."""
    plan_once(erase_expired_students, next_run())


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    now = timezone.localtime(now)
    tomorrow = now.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, RUN_AT))
