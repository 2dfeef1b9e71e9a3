"""Runs that plan their own next run (the retention run, the travel advice import, the
daily run of reminders and digests): one way to plan the next one."""

import datetime

from django.tasks import Task, TaskResultStatus, default_task_backend
from django_tasks_db.models import DBTaskResult


def plan_once(task: Task, run_after: datetime.datetime) -> None:
    """Plan the task at run_after, unless a run of it is already waiting."""
    if not default_task_backend.supports_defer:
        return  # the immediate backend of the tests would run it on the spot, forever
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return
    task.using(run_after=run_after).enqueue()
