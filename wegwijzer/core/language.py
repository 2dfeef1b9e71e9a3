"""The language a user chose, kept on their account: their e-mails and notifications speak
it. Kept when they use the language switch, and at login for a choice made before it (the
switch is on the login page too). Never on other requests, which then cost no write.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language as django_set_language

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def remember_language(user: Any, language: str | None) -> None:
    """One UPDATE, only when the language is one of ours and differs from the account's."""
    if (
        user is None
        or not user.is_authenticated
        or language not in LANGUAGES
        or user.language == language
    ):
        return
    get_user_model()._default_manager.filter(pk=user.pk).update(language=language)
    user.language = language


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps the choice on the user's account."""
    response = django_set_language(request)
    if request.method == "POST":
        remember_language(request.user, request.POST.get("language"))
    return response


def remember_at_login(sender: object, request: HttpRequest, user: Any, **kwargs: object) -> None:
    """The `user_logged_in` receiver: a language chosen on the login page is kept."""
    remember_language(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
