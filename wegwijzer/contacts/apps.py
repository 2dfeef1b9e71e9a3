from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "wegwijzer.contacts"

    def ready(self) -> None:
        # A stay's contact moments follow its dates: moved, extended, left early or closed.
        from wegwijzer.contacts.planning import replan
        from wegwijzer.mobilities import hooks

        hooks.when_dates_change(replan)
