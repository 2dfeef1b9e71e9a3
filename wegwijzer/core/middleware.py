from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    """Speak Dutch unless the user chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: many
    Dutch staff have an English browser and still expect their school's tool in Dutch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


# Methods that only read; every other method may write.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WritingRequestsAtomicMiddleware:
    """A request that may write (POST, PUT, PATCH, DELETE) runs its view in one transaction,
    as ATOMIC_REQUESTS would; a reading request (GET, HEAD) runs in none.

    On SQLite a transaction begins IMMEDIATE, taking the database's one write lock at its
    start (settings.py): with every request atomic, eight people reading pages queued behind
    each other and got "database is locked". A reading view's own small writes (the session,
    an audit entry of what was viewed) are each one statement or a service's own atomic block.
    Last in MIDDLEWARE, so every other middleware's process_view (CSRF, login, two-factor)
    has run before the view is called here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method in READING_METHODS:
            return None  # Django calls the view, outside any transaction
        with transaction.atomic():
            return view(request, *args, **kwargs)
