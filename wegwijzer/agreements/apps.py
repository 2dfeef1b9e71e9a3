from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "wegwijzer.agreements"

    def ready(self) -> None:
        from wegwijzer.agreements.content import refresh_outdated, refresh_outdated_of_host
        from wegwijzer.hosts import hooks as host_hooks
        from wegwijzer.mobilities import hooks

        # A change to a stay's facts makes the agreements made from the old ones outdated.
        hooks.when_facts_change(refresh_outdated)
        # So does a change to the host company's facts (its name, city, contact).
        host_hooks.when_host_changes(refresh_outdated_of_host)
