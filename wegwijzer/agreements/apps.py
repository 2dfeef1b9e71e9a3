from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "wegwijzer.agreements"

    def ready(self) -> None:
        from wegwijzer.agreements.content import refresh_outdated
        from wegwijzer.mobilities import hooks

        # A change to a stay's facts makes the agreements made from the old ones outdated.
        hooks.when_facts_change(refresh_outdated)
