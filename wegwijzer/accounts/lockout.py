"""How django-axes tells one visitor from another when it counts failed logins."""

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str:
    """The visitor's address; behind the school's proxy, the one that proxy saw.

    The proxy appends the address it received from to X-Forwarded-For, so only the last
    entry can be trusted: anything before it the visitor could have written themselves.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR", "")
