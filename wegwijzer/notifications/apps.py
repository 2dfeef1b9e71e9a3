from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NotificationsConfig(AppConfig):
    name = "wegwijzer.notifications"

    def ready(self) -> None:
        # The daily run (reminders, digest) is planned after every migrate when none is
        # waiting, like the privacy app's retention run: sent for the task queue's app.
        from django_tasks_db.models import DBTaskResult

        queue = DBTaskResult._meta.app_config
        post_migrate.connect(_schedule_daily_run, sender=queue, dispatch_uid="notifications-daily")


def _schedule_daily_run(**kwargs: Any) -> None:
    from wegwijzer.notifications.tasks import schedule_daily_run

    schedule_daily_run()
