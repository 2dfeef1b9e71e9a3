from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from wegwijzer.core.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, object]:
    """The navigation for the logged-in user's role, with the current page marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    entries = []
    for label, url_name in NAVIGATION.get(getattr(user, "role", ""), []):
        url = reverse(url_name)
        entries.append({"label": label, "url": url, "current": request.path == url})
    return {"navigation": entries}


def school_language(request: HttpRequest) -> dict[str, object]:
    """The school's language, in which records written as prose are kept (an item's note
    with a guardian's answer): a page marks such text with it, whatever its own language."""
    return {"school_language": settings.LANGUAGE_CODE}
