from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wegwijzer.accounts"
