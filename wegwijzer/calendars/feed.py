"""What a user's calendar feed holds, as RFC 5545 text written by the icalendar package.

Everything comes through the access gates, as on the user's pages:
- departures and returns of the stays of their students (visible_mobilities), all-day;
- their own open required checklist items (an item is theirs when their role is one of
  its owners, as in mobilities.attention), on the item's due date;
- the follow-up dates of open incidents they may see (visible_incidents).
A coordinator sees every stay, so their own feed leaves the stays out; the feed `all`
(coordinators only) holds every departure and return instead, as a calendar of its own.

A feed leaves the school's building on someone's phone: it names students by first name
and stays by destination only; no last names, incident details, medical or other notes.
Each kind is one query, limited to a window around today, whatever the number of stays.
"""

import datetime
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.care.models import Incident
from wegwijzer.core.countries import country_name
from wegwijzer.mobilities.attention import owned_by
from wegwijzer.mobilities.models import (
    NEVER_WENT,
    ChecklistItem,
    ItemStatus,
    Mobility,
    MobilityQuerySet,
    Outcome,
)
from wegwijzer.notifications.services import site_url

if TYPE_CHECKING:
    # Imported where a feed is made: icalendar takes a tenth of a second to import.
    from icalendar import Calendar, Event

# The window a feed covers: recent weeks for what just happened, a year ahead to plan.
DAYS_BACK = 90
DAYS_AHEAD = 365
# No calendar app needs more events of one kind than this; it bounds a feed's size.
MAX_EVENTS = 1000

PRODID = "-//Wegwijzer//Wegwijzer calendar feed//NL"
# How often a calendar app should fetch the feed again (apps that honour it).
REFRESH = "PT4H"


class Scope(StrEnum):
    MINE = "mine"
    ALL = "all"


def may_use_scope(user: User, scope: Scope) -> bool:
    """Every user has a feed of their own; only a coordinator that of all stays."""
    return scope == Scope.MINE or access.can_manage_school(user)


def window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=DAYS_BACK), today + datetime.timedelta(days=DAYS_AHEAD)


def feed_calendar(user: User, scope: Scope, today: datetime.date) -> "Calendar":
    """The user's feed, worded in the language they chose (User.language)."""
    from icalendar import Calendar

    with translation.override(user.language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        name = _("Wegwijzer: all departures and returns") if scope == Scope.ALL else "Wegwijzer"
        calendar.add("x-wr-calname", name)
        calendar.add("x-published-ttl", REFRESH)
        for event in events(user, scope, today):
            calendar.add_component(event)
        return calendar


def events(user: User, scope: Scope, today: datetime.date) -> Iterator["Event"]:
    start, end = window(today)
    stamp = timezone.now()
    # A coordinator sees every stay: theirs are in the feed of all stays, not in their own.
    if scope == Scope.ALL or user.role != Role.COORDINATOR:
        yield from stay_events(access.visible_mobilities(user), start, end, stamp)
    if scope == Scope.ALL:
        return
    yield from item_events(user, start, end, stamp)
    yield from follow_up_events(user, start, end, stamp)


def stay_events(
    mobilities: MobilityQuerySet,
    start: datetime.date,
    end: datetime.date,
    stamp: datetime.datetime,
) -> Iterator["Event"]:
    """The departure and the return of each stay that was not cancelled or refused: the
    actual days once known, else the planned ones."""
    stays = (
        mobilities.with_return()
        .exclude(outcome__in=NEVER_WENT)
        .filter(student__erased_at=None)
        .filter(Q(left_on__range=(start, end)) | Q(back_on__range=(start, end)))
        .select_related("student")
        .order_by(F("left_on"), "pk")[:MAX_EVENTS]
    )
    for stay in stays:
        values = {"name": stay.student.first_name, "place": place(stay)}
        path = reverse("mobilities:detail", kwargs={"public_id": stay.public_id})
        if start <= stay.first_day <= end:
            summary = _("Departure: %(name)s to %(place)s") % values
            yield all_day(f"departure-{stay.public_id}", stay.first_day, summary, path, stamp)
        if start <= stay.last_day <= end:
            summary = _("Return: %(name)s from %(place)s") % values
            yield all_day(f"return-{stay.public_id}", stay.last_day, summary, path, stamp)


def item_events(
    user: User, start: datetime.date, end: datetime.date, stamp: datetime.datetime
) -> Iterator["Event"]:
    """The user's own open required items of stays in progress, of every step: a calendar
    shows what is due ahead, also before the stay reaches the item's step."""
    items = (
        ChecklistItem.objects.filter(mobility__in=access.visible_mobilities(user))
        .filter(owned_by(user.role))
        .filter(required=True, applicable=True, status=ItemStatus.OPEN)
        .filter(mobility__outcome=Outcome.IN_PROGRESS, mobility__student__erased_at=None)
        .filter(due_date__range=(start, end))
        .select_related("mobility__student")
        .order_by("due_date", "pk")[:MAX_EVENTS]
    )
    for item in items:
        summary = _("Due: %(item)s (%(name)s)") % {
            "item": _(item.title),
            "name": item.mobility.student.first_name,
        }
        stay = reverse("mobilities:detail", kwargs={"public_id": item.mobility.public_id})
        path = f"{stay}#item-{item.public_id}"
        yield all_day(f"item-{item.public_id}", item.due_date, summary, path, stamp)


def follow_up_events(
    user: User, start: datetime.date, end: datetime.date, stamp: datetime.datetime
) -> Iterator["Event"]:
    """Follow-ups of open incidents the user may see: who and where, never what happened."""
    incidents: list[Incident] = list(
        access.visible_incidents(user)
        .open_follow_ups()
        .filter(follow_up_on__range=(start, end), mobility__student__erased_at=None)
        .select_related("mobility__student")
        .order_by("follow_up_on", "pk")[:MAX_EVENTS]
    )
    for incident in incidents:
        day = incident.follow_up_on
        assert day is not None  # noqa: S101 - open_follow_ups has one
        summary = _("Incident follow-up: %(name)s in %(place)s") % {
            "name": incident.mobility.student.first_name,
            "place": place(incident.mobility),
        }
        path = reverse("care:incident-edit", kwargs={"public_id": incident.public_id})
        yield all_day(f"follow-up-{incident.public_id}", day, summary, path, stamp)


def place(mobility: Mobility) -> str:
    return f"{mobility.destination_city}, {country_name(mobility.destination_country)}"


def all_day(
    key: str, day: datetime.date, summary: str, path: str, stamp: datetime.datetime
) -> "Event":
    """An all-day event that does not make its reader busy, with a UID that stays the same
    from one fetch to the next, so a calendar app updates it instead of adding another."""
    from icalendar import Event

    event = Event()
    event.add("uid", f"{key}@wegwijzer")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", site_url(path))
    event.add("description", site_url(path))
    event.add("transp", "TRANSPARENT")
    return event
