from django.apps import AppConfig


class WhereaboutsConfig(AppConfig):
    name = "wegwijzer.whereabouts"
