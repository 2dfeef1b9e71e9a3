"""Making, renewing and stopping a user's calendar feed, each in the audit trail.

Each returns the new token where there is one: the caller shows it once and forgets it.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.calendars.models import CalendarFeed
from wegwijzer.links.models import hash_token


def new_token() -> str:
    """256 random bits, URL-safe: the key to one user's feed."""
    return secrets.token_urlsafe(32)


@transaction.atomic
def make_feed(user: User, *, token: str | None = None) -> str | None:
    """A feed for a user who has none; None (and nothing changes) when they have one."""
    token = token or new_token()
    feed, created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token_hash": hash_token(token), "created_at": timezone.now()}
    )
    if not created:
        return None
    record(by=user, action=Action.CREATE, obj=feed)
    return token


@transaction.atomic
def renew_feed(user: User) -> str | None:
    """A new address for the user's feed: the old one answers 404 from now on. None (and
    nothing changes) when they have no feed."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return None
    token = new_token()
    feed.token_hash = hash_token(token)
    feed.created_at = timezone.now()
    feed.last_used_at = None
    feed.save(update_fields=["token_hash", "created_at", "last_used_at"])
    record(by=user, action=Action.CHANGE, obj=feed, note=gettext_noop("calendar link renewed"))
    return token


@transaction.atomic
def stop_feed(user: User) -> bool:
    """No feed any more: its address answers 404. False when there was none."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return False
    record(by=user, action=Action.DELETE, obj=feed)
    feed.delete()
    return True


def feed_for_token(token: str) -> CalendarFeed | None:
    """The feed a token opens, of an active user; None for a wrong, renewed or stopped one.

    The lookup is by the token's hash, so the database compares hashes, never the token
    itself, and how long it takes says nothing about how close a guess came."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), user__is_active=True)
        .first()
    )


def mark_used(feed: CalendarFeed) -> None:
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
