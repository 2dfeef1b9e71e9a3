from django.apps import AppConfig


class MobilitiesConfig(AppConfig):
    name = "wegwijzer.mobilities"
