from django.apps import AppConfig


class BulkConfig(AppConfig):
    name = "wegwijzer.bulk"
