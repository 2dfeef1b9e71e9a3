from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from wegwijzer import access
from wegwijzer.accounts import two_factor

# The pages a coordinator without two-factor can still reach: the setup itself, the codes
# it shows, leaving, and the language switch.
OPEN_WITHOUT_TWO_FACTOR = frozenset(
    {"two_factor:setup", "two_factor:recovery-codes", "logout", "set_language"}
)


class TwoFactorRequiredMiddleware:
    """When TWO_FACTOR_REQUIRED_FOR_COORDINATORS is on, a coordinator works only in a session
    that passed the second step; one without an app set up is sent to set it up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or not access.must_use_two_factor(user):
            return None
        if user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_WITHOUT_TWO_FACTOR:
            return None
        if two_factor.has_two_factor(user):
            # A session that skipped the second step: it has to start over.
            logout(request)
            return redirect(settings.LOGIN_URL)
        return redirect("two_factor:setup")
