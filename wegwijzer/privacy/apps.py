from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PrivacyConfig(AppConfig):
    name = "wegwijzer.privacy"

    def ready(self) -> None:
        # Every deploy runs migrate: the daily retention run is planned there when none is
        # waiting, so it cannot stay lost after a failed run or an emptied queue. Sent for
        # the task queue's app (this app has no models, so gets no signal of its own).
        from django_tasks_db.models import DBTaskResult

        queue = DBTaskResult._meta.app_config
        post_migrate.connect(_schedule_retention, sender=queue, dispatch_uid="privacy-retention")


def _schedule_retention(**kwargs: Any) -> None:
    from wegwijzer.privacy.tasks import schedule_retention

    schedule_retention()
