from django.conf import settings
from django.http import HttpRequest

from wegwijzer.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind LoginRequiredMiddleware: its user is always a logged-in User."""

    user: User


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, as evidence of who answered a form.

    Behind a proxy (BEHIND_PROXY) REMOTE_ADDR is the proxy; the client is then the last
    address in X-Forwarded-For, the one our own proxy added. Earlier ones the client may
    have made up, so they are not trusted.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR") or None
