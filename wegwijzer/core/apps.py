from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wegwijzer.core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from wegwijzer.core.language import remember_at_login
        from wegwijzer.core.middleware import renewed_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="wegwijzer-remember-language")
        user_logged_in.connect(renewed_at_login, dispatch_uid="wegwijzer-session-renewed")
        # Django 6.1's empty dropdown choice ("- Select an option -") has no Dutch in
        # Django's own catalogue; ours says it in the reader's language. Django reads the
        # label each time it builds a field, as its release notes advise for this.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = _("— Choose —")
