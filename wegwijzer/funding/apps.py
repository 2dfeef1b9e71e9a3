from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "wegwijzer.funding"

    def ready(self) -> None:
        from wegwijzer.funding import (
            checks,  # noqa: F401 - registers the deploy check
            listing,  # noqa: F401 - connects the signal that keeps Payment.on_list true
            tallies,  # noqa: F401 - connects the marking signals
        )
