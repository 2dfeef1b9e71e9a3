"""Django's password pages, each leaving an entry in the audit trail (never the hash)."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.utils.translation import gettext_noop

from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(
            by=form.user, action=Action.CHANGE, obj=form.user, note=gettext_noop("password changed")
        )
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an e-mailed link: after "forgotten" or an invitation."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(
            by=form.user,
            action=Action.CHANGE,
            obj=form.user,
            note=gettext_noop("password chosen through an e-mailed link"),
        )
        return response
