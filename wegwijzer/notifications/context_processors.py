from collections.abc import Callable
from functools import cache

from django.http import HttpRequest

from wegwijzer import access


def unread_notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """The number of the user's unread notifications, for the header's bell.

    A function the template calls: counted once, and only on a page that shows it (an
    htmx fragment without the bell costs no query).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return access.own_notifications(user).filter(read_at__isnull=True).count()

    return {"unread_notifications": count}
