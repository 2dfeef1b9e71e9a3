"""The morning digest: one e-mail for a staff member with what asks for their attention.

It lists, as far as the access gates let the reader see (wegwijzer.access): the overdue
items that are theirs, the items waiting for their check, the departures and returns of
the coming week, the incidents with an open follow-up, and the notifications they chose
to receive in the digest. Nothing to say, no e-mail. Every working day, or on Mondays only
(DigestSetting), once a day; always by e-mail (the digest is the delivery), so a user
without an e-mail address gets none.
"""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.care.models import Incident
from wegwijzer.mobilities.attention import SOONEST_FIRST, overdue, owned_by
from wegwijzer.mobilities.models import ChecklistItem, Mobility, MobilityQuerySet, Outcome
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import DigestFrequency, DigestSetting, Notification
from wegwijzer.notifications.services import notify_address, site_url
from wegwijzer.programmes.models import Step

STAFF = (Role.COORDINATOR, Role.SUPERVISOR, Role.MENTOR)
# Departures and returns of this many days from today are listed.
WEEK = datetime.timedelta(days=6)
# Each section lists at most this many lines, then says how many more there are.
LIMIT = 15


def is_due(frequency: str, today: datetime.date) -> bool:
    """Whether a digest of this frequency goes out today: working days, weekly on Mondays."""
    if today.weekday() >= 5 or frequency == DigestFrequency.OFF:
        return False
    return frequency == DigestFrequency.DAILY or today.weekday() == 0


def send_digests(today: datetime.date) -> int:
    """Send today's digest to every staff member it is due for; returns how many were sent."""
    if today.weekday() >= 5:
        return 0
    staff = (
        User.objects.filter(is_active=True, role__in=STAFF)
        .exclude(email="")
        .select_related("digest_setting")
        .order_by("pk")
    )
    sent = 0
    for user in staff:
        setting = getattr(user, "digest_setting", None)
        frequency = setting.frequency if setting else DigestFrequency.DAILY
        if not is_due(frequency, today) or (setting and setting.last_sent_on == today):
            continue
        sent += send_digest(user, today, weekly=frequency == DigestFrequency.WEEKLY)
    return sent


@transaction.atomic
def send_digest(user: User, today: datetime.date, *, weekly: bool = False) -> bool:
    """Queue the user's digest for today, unless there is nothing to say or it was sent."""
    waiting = list(
        Notification.objects.filter(user=user, in_digest=True, digested_at__isnull=True).order_by(
            "created_at", "pk"
        )
    )
    with translation.override(user.language):
        overview = overview_for(user, today, waiting)
        if not overview:
            return False
        values = {
            "first_name": user.first_name or user.username,
            "link": site_url(reverse("home")),
            "date": date_format(today, "DATE_FORMAT"),
            "overview": overview,
        }
    message = notify_address(
        Kind.DIGEST,
        email=user.email,
        language=user.language,
        values=values,
        dedupe_key=f"digest:{today.isoformat()}:u{user.pk}",
        recipient=user,
    )
    if message is None:
        return False
    DigestSetting.objects.update_or_create(user=user, defaults={"last_sent_on": today})
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(digested_at=timezone.now())
    return True


def overview_for(user: User, today: datetime.date, waiting: Sequence[Notification]) -> str:
    """The digest's text in the active language; empty when there is nothing to say."""
    stays = access.visible_mobilities(user).in_progress()
    sections = [
        _section(_("Late, and yours to do"), _late_lines(user, stays, today)),
        _section(_("Waiting for your check"), _check_lines(user)),
        _section(_("Departures in the coming week"), _departure_lines(stays, today)),
        _section(_("Returns in the coming week"), _return_lines(stays, today)),
        _section(_("Incidents with an open follow-up"), _incident_lines(user, today)),
        _section(_("Messages for your digest"), ([f"- {n.subject}" for n in waiting], 0)),
    ]
    return "\n\n".join(section for section in sections if section)


Lines = tuple[list[str], int]


def _section(heading: str, lines: Lines) -> str:
    shown, more = lines
    if not shown:
        return ""
    if more:
        shown = [*shown, _("… and %(count)d more in Wegwijzer.") % {"count": more}]
    return "\n".join([heading, *shown])


def _limited(queryset: QuerySet) -> tuple[list, int]:
    """At most LIMIT rows and how many more there are: two queries at most."""
    rows = list(queryset[: LIMIT + 1])
    if len(rows) <= LIMIT:
        return rows, 0
    return rows[:LIMIT], queryset.count() - LIMIT


def _date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _late_lines(user: User, stays: MobilityQuerySet, today: datetime.date) -> Lines:
    items = ChecklistItem.objects.filter(
        overdue(today), owned_by(user.role), mobility__in=stays
    ).select_related("mobility__student")
    rows, more = _limited(items.order_by(*SOONEST_FIRST))
    lines = [
        "- "
        + _("%(title)s (%(student)s), due on %(date)s")
        % {"title": _(i.title), "student": i.mobility.student.first_name, "date": _date(i.due_date)}
        for i in rows
    ]
    return lines, more


def _check_lines(user: User) -> Lines:
    items = (
        access.items_to_check(user)
        .filter(mobility__outcome=Outcome.IN_PROGRESS)
        .select_related("mobility__student")
        .order_by("changed_at", "pk")
    )
    rows, more = _limited(items)
    return [f"- {_(i.title)} ({i.mobility.student.first_name})" for i in rows], more


def _departure_lines(stays: MobilityQuerySet, today: datetime.date) -> Lines:
    leaving = stays.filter(
        step__gte=Step.PREPARATION,
        actual_departure_date__isnull=True,
        departure_date__gte=today,
        departure_date__lte=today + WEEK,
    ).select_related("student")
    rows, more = _limited(leaving.order_by("departure_date", "pk"))
    return [_stay_line(m, m.departure_date) for m in rows], more


def _return_lines(stays: MobilityQuerySet, today: datetime.date) -> Lines:
    returning = (
        stays.with_return()
        .filter(Q(back_on__gte=today, back_on__lte=today + WEEK), step__gte=Step.ABROAD)
        .select_related("student")
    )
    rows, more = _limited(returning.order_by(F("back_on").asc(), "pk"))
    return [_stay_line(m, m.last_day) for m in rows], more


def _stay_line(mobility: Mobility, day: datetime.date) -> str:
    return "- " + _("%(date)s: %(student)s, %(city)s") % {
        "date": _date(day),
        "student": mobility.student.first_name,
        "city": mobility.destination_city,
    }


def _incident_lines(user: User, today: datetime.date) -> Lines:
    # What happened stays in Wegwijzer: the kind, the student's first name and the date.
    incidents = (
        access.visible_incidents(user)
        .open_follow_ups()
        .select_related("mobility__student")
        .order_by("follow_up_on", "pk")
    )
    rows, more = _limited(incidents)
    return [_incident_line(incident, today) for incident in rows], more


def _incident_line(incident: Incident, today: datetime.date) -> str:
    facts = {
        "kind": incident.get_kind_display(),
        "student": incident.mobility.student.first_name,
        "date": _date(incident.follow_up_on) if incident.follow_up_on else "",
    }
    if incident.follow_up_on and incident.follow_up_on < today:
        return "- " + _("%(kind)s (%(student)s): follow-up was due on %(date)s") % facts
    return "- " + _("%(kind)s (%(student)s): follow-up on %(date)s") % facts
