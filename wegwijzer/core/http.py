from django.http import HttpRequest

from wegwijzer.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind LoginRequiredMiddleware: its user is always a logged-in User."""

    user: User
