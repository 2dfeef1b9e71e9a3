"""Handing work to the task worker once the transaction that asked for it commits.

A service names its task by path ("wegwijzer.links.tasks.send_link_email") and the task is
looked up only when the transaction commits. So `services.py` never imports its own app's
`tasks.py`, which imports the services to do its work, and a lower app can start a task of
a higher one (programmes has the checklists of mobilities synced) without importing it.
"""

import datetime
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.utils.module_loading import import_string


def enqueue_on_commit(
    task_path: str, *, run_after: datetime.datetime | None = None, **arguments: Any
) -> None:
    """Enqueue the task at task_path with these keyword arguments after the commit (at once
    outside a transaction); a rollback enqueues nothing."""
    transaction.on_commit(lambda: task_at(task_path, run_after=run_after).enqueue(**arguments))


def task_at(task_path: str, *, run_after: datetime.datetime | None = None) -> Task[..., Any]:
    found = import_string(task_path)
    if not isinstance(found, Task):
        raise TypeError(f"{task_path} is not a task.")
    return found.using(run_after=run_after) if run_after else found
