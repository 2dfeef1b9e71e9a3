from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "wegwijzer.programmes"
