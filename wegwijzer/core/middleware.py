import time
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


# The session's key holding when it was last moved on (seconds since the epoch).
RENEWED_AT = "session_renewed_at"
# Moved on at most this often: within it a request leaves the session's row alone.
RENEWAL_INTERVAL_SECONDS = 5 * 60


class SessionRenewalMiddleware:
    """A session ends after SESSION_COOKIE_AGE without requests: a request moves its end on,
    but writes the session at most once every few minutes (SESSION_SAVE_EVERY_REQUEST wrote
    it on every page view, a write per GET that on SQLite takes the database's write lock).

    The end is moved on when it was last moved on a tenth of the age ago or longer (at most
    RENEWAL_INTERVAL_SECONDS): with an hour's age a session ends 55 to 60 minutes after the
    last request, never later than the hour. After SessionMiddleware, which saves the
    session when this marks it changed. A visitor without a session gets none from here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.interval = min(RENEWAL_INTERVAL_SECONDS, settings.SESSION_COOKIE_AGE // 10)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        renewed_at = session.get(RENEWED_AT)  # loads it; an unknown or ended one is emptied
        if not session.session_key:
            return response  # no session, or it ended (logged out): nothing to move on
        now = int(time.time())
        if session.modified or renewed_at is None or now - renewed_at >= self.interval:
            # Changed: SessionMiddleware saves it, and its end moves on by the age. One the
            # view changed (a login) is saved anyway; the time goes with it.
            session[RENEWED_AT] = now
        return response


def renewed_at_login(sender: object, request: HttpRequest, user: Any, **kwargs: object) -> None:
    """The `user_logged_in` receiver: logging in saves the session with its end an age away,
    so the requests of the next few minutes leave it alone. A request without a session
    (sent by hand, as a test does) has nothing to stamp."""
    session = getattr(request, "session", None)
    if session is not None:
        session[RENEWED_AT] = int(time.time())


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
