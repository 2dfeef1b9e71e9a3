from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "wegwijzer.funding"
