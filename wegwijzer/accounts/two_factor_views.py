"""The pages where a staff user turns two-factor on or off and gets new recovery codes."""

from collections.abc import Callable
from typing import Any

import django_otp
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticToken

from wegwijzer import access
from wegwijzer.accounts import two_factor
from wegwijzer.accounts.models import User
from wegwijzer.core.http import AuthenticatedHttpRequest

PENDING_SECRET_KEY = "two_factor_setup_secret"  # noqa: S105 - a session key name
FRESH_CODES_KEY = "two_factor_fresh_codes"


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ConfirmForm(forms.Form):
    """Asks again who this is before two-factor is changed: the password or a code."""

    confirmation = forms.CharField(
        label=gettext_lazy("Your password, or a code from your app"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self) -> str:
        value: str = self.cleaned_data["confirmation"]
        if self.user.check_password(value) or two_factor.verify(self.user, value):
            return value
        raise forms.ValidationError(_("That is neither your password nor a valid code."))


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_use_two_factor(user))
    context = {
        "enabled": two_factor.has_two_factor(user),
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
        "required": access.must_use_two_factor(user),
    }
    return render(request, "accounts/two_factor.html", context)


@sensitive_post_parameters("code")
@never_cache
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    access.require(access.can_use_two_factor(user))
    if two_factor.has_two_factor(user):
        return redirect("two_factor:overview")
    # The secret waits in the session until a code proves the app has it; only then is a
    # device stored.
    secret = request.session.setdefault(PENDING_SECRET_KEY, two_factor.new_secret())
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.turn_on(user, secret=secret, code=form.cleaned_data["code"])
        if result is not None:
            device, codes = result
            del request.session[PENDING_SECRET_KEY]
            django_otp.login(request, device)
            request.session[FRESH_CODES_KEY] = codes
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("two_factor:recovery-codes")
        form.add_error(
            "code", _("This code does not match. Check the time on your phone and try again.")
        )
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(user, secret),
        "secret": two_factor.secret_for_typing(secret),
        "required": access.must_use_two_factor(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
def recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes, shown once: they leave the session as they are shown."""
    access.require(access.can_use_two_factor(request.user))
    codes = request.session.pop(FRESH_CODES_KEY, None)
    if not codes:
        return redirect("two_factor:overview")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@sensitive_post_parameters("confirmation")
def new_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    def make_codes(user: User) -> HttpResponse:
        request.session[FRESH_CODES_KEY] = two_factor.new_recovery_codes(user, by=user)
        return redirect("two_factor:recovery-codes")

    return _confirmed(
        request,
        make_codes,
        title=_("New recovery codes"),
        explanation=_("Your current recovery codes stop working and you get ten new ones."),
        submit_label=_("Make new recovery codes"),
    )


@sensitive_post_parameters("confirmation")
def turn_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    def switch_off(user: User) -> HttpResponse:
        two_factor.turn_off(user, by=user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("two_factor:overview")

    return _confirmed(
        request,
        switch_off,
        title=_("Turn off two-factor authentication"),
        explanation=_(
            "Your authenticator app and your recovery codes stop working. To move to a new "
            "phone, turn it off here and set it up again."
        ),
        submit_label=_("Turn off"),
    )


def _confirmed(
    request: AuthenticatedHttpRequest,
    action: Callable[[User], HttpResponse],
    **page: str,
) -> HttpResponse:
    """Change a user's two-factor once they confirm who they are (password or code) again;
    until then, the confirmation page with the page's title, explanation and button."""
    user = request.user
    access.require(access.can_use_two_factor(user))
    if not two_factor.has_two_factor(user):
        return redirect("two_factor:overview")
    form = ConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        return action(user)
    return render(request, "accounts/two_factor_confirm.html", {"form": form, **page})
