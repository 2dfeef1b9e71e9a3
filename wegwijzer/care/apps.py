from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "wegwijzer.care"
