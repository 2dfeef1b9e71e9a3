from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wegwijzer.core"
