"""Logging in: the password, then, for a user with two-factor on, a code.

Between the two steps the session holds only who is halfway and until when; the user is
logged in (and the session key renewed) only after the code. Wrong codes count towards the
same lockout as wrong passwords.
"""

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice

from wegwijzer.accounts import two_factor
from wegwijzer.accounts.models import User

PENDING_KEY = "login_pending_code"
PENDING_SECONDS = 5 * 60


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class LoginView(auth_views.LoginView):
    """Django's login; a user with two-factor on goes on to the second step instead."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not two_factor.has_two_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "until": time.time() + PENDING_SECONDS,
        }
        return redirect("two_factor:login")


@login_not_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    user = _pending_user(pending)
    if pending is None or user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("login")
    credentials = {"username": user.username}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return locked_out(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            return _log_in(request, user, device, pending)
        # Counted by django-axes like a wrong password; at the limit its middleware
        # answers with the lockout page instead of this one.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("code", _("This code is not right, or it was used already. Try again."))
    return render(request, "registration/login_code.html", {"form": form})


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, str] | None = None,
) -> HttpResponse:
    """The page django-axes shows after too many failed logins (its AXES_LOCKOUT_CALLABLE).

    Every attempt during the lockout starts the wait again, so it ends a full cool-off
    after this one.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "minutes": int(cooloff.total_seconds() // 60),
        "retry_at": timezone.localtime() + cooloff,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def _pending_user(pending: dict[str, Any] | None) -> User | None:
    if not pending or pending.get("until", 0) < time.time():
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def _log_in(
    request: HttpRequest, user: User, device: Any, pending: dict[str, Any]
) -> HttpResponseRedirect:
    del request.session[PENDING_KEY]
    # django-otp marks the session as verified when the user logs in with a device.
    user.otp_device = device  # type: ignore[attr-defined]
    auth.login(request, user, backend=pending["backend"])
    if isinstance(device, StaticDevice):
        left = device.token_set.count()
        messages.warning(
            request,
            ngettext(
                "You logged in with a recovery code; %(count)s is left. "
                "Make new ones on the two-factor page.",
                "You logged in with a recovery code; %(count)s are left. "
                "Make new ones on the two-factor page when you run low.",
                left,
            )
            % {"count": left},
        )
    return redirect(pending["next"])
