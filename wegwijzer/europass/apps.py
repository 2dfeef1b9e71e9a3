from django.apps import AppConfig


class EuropassConfig(AppConfig):
    name = "wegwijzer.europass"
