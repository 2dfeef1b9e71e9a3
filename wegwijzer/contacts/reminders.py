"""Missed contact moments in the daily run (notifications.tasks.daily_run): each supervisor
gets one message a day listing the moments of their stays missed since the last one; a stay
without a supervisor goes to the coordinators. Each moment is reminded of once."""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.contacts.models import ContactMoment
from wegwijzer.contacts.planning import missed_by
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.services import notify


def send_missed_reminders(today: datetime.date | None = None) -> int:
    """Remind of moments missed and not reminded of yet; returns how many were told."""
    today = today or timezone.localdate()
    moments = list(
        ContactMoment.objects.filter(
            missed_by(today), reminded_on=None, mobility__student__erased_at__isnull=True
        )
        .select_related("mobility__student")
        .order_by("due_on", "pk")
    )
    if not moments:
        return 0
    supervisors = {
        user.pk: user
        for user in User.objects.filter(
            pk__in={m.mobility.supervisor_id for m in moments if m.mobility.supervisor_id},
            is_active=True,
        )
    }
    coordinators: list[User] = []
    if any(m.mobility.supervisor_id not in supervisors for m in moments):
        coordinators = list(User.objects.filter(role=Role.COORDINATOR, is_active=True))
    by_user: dict[int, list[ContactMoment]] = defaultdict(list)
    users: dict[int, User] = {}
    for moment in moments:
        supervisor = supervisors.get(moment.mobility.supervisor_id or 0)
        for user in [supervisor] if supervisor else coordinators:
            by_user[user.pk].append(moment)
            users[user.pk] = user

    def values(user: User) -> dict[str, object]:
        mine = by_user[user.pk]
        with translation.override(user.language):
            lines = [
                "- "
                + _("%(student)s: planned on %(date)s")
                % {
                    "student": moment.mobility.student.full_name,
                    "date": date_format(moment.due_on, "DATE_FORMAT"),
                }
                for moment in mine
            ]
        return {"count": len(mine), "moments": "\n".join(lines)}

    told = notify(
        Kind.CONTACT_MISSED, list(users.values()), values=values, path=reverse("home"),
        dedupe_key=f"contact-missed:{today.isoformat()}",
    )  # fmt: skip
    ContactMoment.objects.filter(pk__in=[moment.pk for moment in moments]).update(reminded_on=today)
    return len(told)
