"""A calendar feed for every demo user, at an address load_demo prints with the logins.

Only a token's hash is stored, so the demo makes its tokens from the username: the same
address after every reload. Anyone can work such a token out from this file, which is why
load_demo runs only with DEBUG on, and this module checks it again.
"""

import hashlib
import random

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from wegwijzer.accounts.demo import DEMO_USERS
from wegwijzer.accounts.models import User
from wegwijzer.calendars.feed import Scope
from wegwijzer.calendars.models import CalendarFeed
from wegwijzer.calendars.services import make_feed
from wegwijzer.links.models import hash_token

SITE = "http://127.0.0.1:8000"
# The logins load_demo prints; every demo user gets a feed all the same.
PRINTED = ("coordinator", "supervisor", "mentor", "student")


def demo_token(username: str) -> str:
    return hashlib.sha256(f"wegwijzer-demo-calendar-{username}".encode()).hexdigest()


def load(*, rng: random.Random, password: str) -> None:
    if not settings.DEBUG:
        raise ImproperlyConfigured("Demo calendar tokens are public: never outside development.")
    for username, *_rest in DEMO_USERS:
        user = User.objects.get(username=username)
        token = demo_token(username)
        # A feed renewed while trying the demo gets its printed address back.
        if not CalendarFeed.objects.filter(user=user, token_hash=hash_token(token)).exists():
            CalendarFeed.objects.filter(user=user).delete()
            make_feed(user, token=token)


def after_logins() -> list[str]:
    """The lines load_demo prints after the logins: each one's calendar feed."""
    lines = ["Calendar feeds (subscribe in Outlook or Google Calendar, or open in a browser):"]
    for username in PRINTED:
        address = SITE + reverse("calendars:feed", kwargs={"token": demo_token(username)})
        lines.append(f"  {username:<12} {address}")
    all_stays = SITE + reverse("calendars:feed", kwargs={"token": demo_token("coordinator")})
    lines.append(f"  {'(all stays)':<12} {all_stays}?scope={Scope.ALL}")
    return lines
