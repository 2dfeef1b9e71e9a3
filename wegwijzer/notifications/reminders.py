"""Reminders the daily run sends (notifications.tasks.daily_run), each a plain function of
the day so a test can call it for any day.

- `send_reminders`: each owner of open required items gets one bundled message a day
  listing theirs that are due within a week or late (kind DUE_ITEMS).
- `send_link_reminders`: a guardian or host company who has not answered their link is
  reminded once, a few days before it expires (kind LINK_REMINDER); without the token.
- `send_duo_reminders`: the student, before departure, about the public-transport allowance
  abroad, and after the return about switching the travel product back (kind DUO).

Every message carries a dedupe key, so a second run on the same day (or a run repeated
after a crash) sends nothing twice.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.links import services as link_services
from wegwijzer.links.models import ITEM_KEYS, Purpose, SignedLink
from wegwijzer.mobilities.attention import SOONEST_FIRST, to_do_now
from wegwijzer.mobilities.models import NEVER_WENT, ChecklistItem, Mobility, MobilityType, Outcome
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.services import notify, notify_address
from wegwijzer.programmes.models import Owner, Step

# Items due within this many days are listed, with those already late.
DUE_WITHIN = datetime.timedelta(days=7)
# An unanswered link is reminded of once, when it expires within this many days.
LINK_REMINDER_BEFORE = datetime.timedelta(days=3)
# DUO advises asking for the allowance abroad two months before leaving (reference.md):
# the reminder comes from then, or from the go when that is later.
DUO_BEFORE_DEPARTURE = datetime.timedelta(days=60)
# The reminder after the return comes within this many days of it (a missed run catches up).
DUO_AFTER_RETURN = datetime.timedelta(days=2)
# Student finance, and with it the allowance abroad, starts at 18 for MBO students.
DUO_AGE = 18


def _date(day: datetime.date) -> str:
    """A date as the reader writes it, in the active language (14 december 2026)."""
    return date_format(day, "DATE_FORMAT")


# Owners' reminders


def send_reminders(today: datetime.date) -> int:
    """Remind each owner of their open required items due within a week or late, bundled
    into one message a day; returns how many were told.

    Only stays in progress, only the steps that are work now (attention.to_do_now), never
    optional items. The student's items go to the student's account, the mentor's to their
    mentor, the supervisor's to the stay's supervisor, the coordinator's to every active
    coordinator. A few queries per run, whatever the number of items.
    """
    items = list(
        ChecklistItem.objects.filter(
            to_do_now(),
            mobility__outcome=Outcome.IN_PROGRESS,
            mobility__student__erased_at__isnull=True,
            due_date__lte=today + DUE_WITHIN,
        )
        .select_related("mobility__student")
        .order_by(*SOONEST_FIRST)
    )
    if not items:
        return 0
    wanted: set[int] = set()
    for item in items:
        wanted.update(
            pk
            for pk in (
                item.mobility.student.user_id,
                item.mobility.student.mentor_id,
                item.mobility.supervisor_id,
            )
            if pk
        )
    who = Q(pk__in=wanted)
    if any(Owner.COORDINATOR in item.owners for item in items):
        who |= Q(role=Role.COORDINATOR)
    users = {user.pk: user for user in User.objects.filter(who, is_active=True)}
    coordinators = [user for user in users.values() if user.role == Role.COORDINATOR]
    by_user: dict[int, list[ChecklistItem]] = defaultdict(list)
    for item in items:
        # Once per person, even when two of the item's owners name the same one.
        for pk in dict.fromkeys(user.pk for user in _owners_of(item, users, coordinators)):
            by_user[pk].append(item)
    if not by_user:
        return 0

    def values(user: User) -> dict[str, object]:
        mine = sorted(by_user[user.pk], key=lambda item: item.due_date >= today)
        with translation.override(user.language):
            lines = [_item_line(item, user, today) for item in mine]
        return {"count": len(mine), "items": "\n".join(lines)}

    told = notify(
        Kind.DUE_ITEMS,
        [users[pk] for pk in by_user],
        values=values,
        path=reverse("home"),
        dedupe_key=f"due-items:{today.isoformat()}",
    )
    return len(told)


def _owners_of(item: ChecklistItem, users: dict[int, User], coordinators: list[User]) -> list[User]:
    """The accounts an item is the work of, each in the role its owner names."""
    mobility = item.mobility
    found = []
    for owner in item.owners:
        if owner == Owner.COORDINATOR:
            found.extend(coordinators)
            continue
        pk = {
            Owner.STUDENT: mobility.student.user_id,
            Owner.MENTOR: mobility.student.mentor_id,
            Owner.SUPERVISOR: mobility.supervisor_id,
        }.get(owner)
        user = users.get(pk) if pk else None
        if user is not None and user.role == owner:
            found.append(user)
    return found


def _item_line(item: ChecklistItem, reader: User, today: datetime.date) -> str:
    """One item of a reminder, in the active language; the student's first name unless the
    reader is the student."""
    title = _(item.title)
    if item.mobility.student.user_id != reader.pk:
        title = f"{title} ({item.mobility.student.first_name})"
    if item.due_date < today:
        return "- " + _("%(title)s: late, it was due on %(date)s") % {
            "title": title,
            "date": _date(item.due_date),
        }
    return "- " + _("%(title)s: due on %(date)s") % {"title": title, "date": _date(item.due_date)}


# Links of guardians and host companies


def send_link_reminders(now: datetime.datetime) -> int:
    """Remind, once, whoever has not answered a link that expires within a few days;
    returns how many were reminded.

    Only a sent link that still opens its form (links.services.open_state): not answered,
    revoked or expired, its stay open and its item still to do. The reminder carries no
    token: the link lives only in the first e-mail. Hosts read English, guardians the
    school's language, as in that first e-mail.
    """
    links = list(
        SignedLink.objects.filter(
            sent_at__isnull=False,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + LINK_REMINDER_BEFORE,
            mobility__outcome=Outcome.IN_PROGRESS,
        ).select_related("mobility__student", "mobility__supervisor", "created_by")
    )
    if not links:
        return 0
    items = {
        (item.mobility_id, item.template_item.key): item
        for item in ChecklistItem.objects.filter(
            mobility__in={link.mobility_id for link in links},
            template_item__key__in=[key for key in ITEM_KEYS.values() if key],
        ).select_related("template_item")
    }
    reminded = 0
    for link in links:
        item = items.get((link.mobility_id, ITEM_KEYS[link.purpose] or ""))
        if link_services.open_state(link, item):
            continue
        language = "en" if link.is_for_host else settings.LANGUAGE_CODE
        with translation.override(language):
            values = _link_values(link)
        sent = notify_address(
            Kind.LINK_REMINDER,
            email=link.recipient_email,
            language=language,
            values=values,
            mobility=link.mobility,
            dedupe_key=f"link-reminder:{link.pk}",
        )
        reminded += sent is not None
    return reminded


def _link_values(link: SignedLink) -> dict[str, object]:
    purposes = {
        Purpose.GUARDIAN_CONSENT: _("consent request"),
        Purpose.HOST_AGREEMENT: _("confirmation of the supervision agreements"),
        Purpose.HOST_EVALUATION: _("evaluation of the stay"),
        Purpose.HOST_MIDTERM: _("mid-term feedback"),
        Purpose.AGREEMENT: _("signature on an agreement"),
    }
    sender = link.created_by or link.mobility.supervisor
    return {
        "name": link.recipient_name or link.recipient_email,
        "purpose": purposes[Purpose(link.purpose)],
        "student": link.mobility.student.full_name,
        "expires": _date(timezone.localdate(link.expires_at)),
        "school": sender.get_full_name() if sender else "",
    }


# DUO


def duo_applies(mobility: Mobility) -> bool:
    """Whether the student travel product and the allowance abroad concern the student
    (reference.md, DUO): a stay that goes abroad, of a student of 18 or older on the
    departure date, from which age MBO students receive student finance."""
    if mobility.type == MobilityType.AT_HOME:
        return False
    return mobility.student.age_on(mobility.departure_date) >= DUO_AGE


def send_duo_reminders(today: datetime.date) -> int:
    """Tell the student about DUO at two moments of a stay, each once; returns how many.

    Before: from two months before the planned departure, once the stay has its go and
    the student has not left yet: the allowance abroad is theirs to choose, with the
    school's statement. After: within two days after the return (actual, else planned):
    ask for the travel product again if they chose the allowance, and change the living
    situation back.
    """
    before = Mobility.objects.in_progress().filter(
        step=Step.PREPARATION,
        actual_departure_date__isnull=True,
        departure_date__gt=today,
        departure_date__lte=today + DUO_BEFORE_DEPARTURE,
    )
    after = (
        Mobility.objects.with_return()
        .filter(Q(back_on__gte=today - DUO_AFTER_RETURN, back_on__lte=today), step__gte=Step.ABROAD)
        .exclude(outcome__in=NEVER_WENT)
    )
    told = 0
    for moment, stays in (("before", before), ("after", after)):
        for mobility in stays.select_related("student__user"):
            user = mobility.student.user
            if user is None or user.role != Role.STUDENT or not duo_applies(mobility):
                continue
            with translation.override(user.language):
                advice = _duo_advice(moment, mobility)
            told += len(
                notify(
                    Kind.DUO,
                    [user],
                    values={"advice": advice},
                    path=reverse("home"),
                    mobility=mobility,
                    dedupe_key=f"duo-{moment}:{mobility.pk}",
                )
            )
    return told


def _duo_advice(moment: str, mobility: Mobility) -> str:
    # The allowance abroad is a choice: this text offers it and never tells anyone to end
    # their travel product (reference.md).
    if moment == "before":
        return _(
            "You leave for %(city)s on %(date)s. While you are abroad you may keep your student "
            "travel product. If you will not use it, you can choose the public-transport "
            "allowance abroad from DUO instead; the choice is yours. For the allowance you "
            "need a statement from the school: ask your coordinator for it. Request the "
            "allowance in Mijn DUO, preferably two months before you leave: it starts at the "
            "earliest in the month after your request. You never have the travel product and "
            "the allowance at the same time: travelling with the product without a right to "
            "it is fined.\n\nDo you live with your parents? While you are abroad you may "
            "change your living situation in Mijn DUO to living away from home."
        ) % {"city": mobility.destination_city, "date": _date(mobility.departure_date)}
    return _(
        "Welcome back! Did you choose the public-transport allowance abroad? Then request "
        "your student travel product again in Mijn DUO and collect it within six weeks. Did "
        "you change your living situation for your stay? Change it back in Mijn DUO."
    )
