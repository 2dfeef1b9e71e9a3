from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from wegwijzer.privacy.fields import EncryptedMixin


class Command(BaseCommand):
    help = (
        "Encrypt every encrypted field again with the first FIELD_ENCRYPTION_KEY, so the "
        "keys after it can be removed. Run after putting a new key in front."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
            if not fields:
                continue
            count = 0
            for obj in model._base_manager.only("pk", *fields).iterator():
                # Read with any key, written with the first: that is the rotation.
                with transaction.atomic():
                    obj.save(update_fields=fields)
                count += 1
            self.stdout.write(f"{model._meta.label}: {count} rows encrypted with the first key.")
