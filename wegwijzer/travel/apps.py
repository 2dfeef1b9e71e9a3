from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class TravelConfig(AppConfig):
    name = "wegwijzer.travel"

    def ready(self) -> None:
        # The daily import is planned after every migrate (each deploy), the same way as the
        # privacy app's retention run: sent for the task queue's app.
        from django_tasks_db.models import DBTaskResult

        queue = DBTaskResult._meta.app_config
        post_migrate.connect(_schedule_import, sender=queue, dispatch_uid="travel-daily-import")


def _schedule_import(**kwargs: Any) -> None:
    from wegwijzer.travel.tasks import schedule_import

    schedule_import()
