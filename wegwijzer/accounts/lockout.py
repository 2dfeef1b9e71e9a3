"""How django-axes tells one visitor from another when it counts failed logins."""

from django.http import HttpRequest

from wegwijzer.core.http import client_ip


def client_ip_address(request: HttpRequest) -> str:
    """The visitor's address as core.http.client_ip reads it (behind the school's proxy,
    the one that proxy saw); axes wants text, so an unknown address is empty."""
    return client_ip(request) or ""
