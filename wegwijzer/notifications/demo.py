"""Demo: notifications for the four demo logins, read and unread, and their e-mails in the
outbox: most sent, some still queued, and one that failed, for the coordinator's outbox page.

Made through notifications.services like real messages, then dated over the last days.
Loading twice changes nothing.
"""

import datetime
import random

from django.urls import reverse
from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.notifications import services, tasks
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification, OutboxMessage, Status

KEY = "demo:"


def load(*, rng: random.Random, password: str) -> None:
    if Notification.objects.filter(dedupe_key__startswith=KEY).exists():
        return
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    if len(users) < len(USERNAMES):
        return
    stays = list(
        Mobility.objects.select_related("student", "host_company", "supervisor").order_by(
            "departure_date", "pk"
        )
    )
    if not stays:
        return
    for hours_ago, username, kind, values, stay, state in _messages(users, stays):
        _tell(users[username], kind, values, stay, hours_ago=hours_ago, state=state)


USERNAMES = ("coordinator", "supervisor", "mentor", "student")

# What became of a message: its e-mail sent and the notification read, or still unread
# with its e-mail sent, queued, or failed after every try.
READ, SENT, QUEUED, FAILED = "read", "sent", "queued", "failed"


def _messages(
    users: dict[str, User], stays: list[Mobility]
) -> list[tuple[int, str, str, dict[str, object], Mobility, str]]:
    """(hours ago, to whom, kind, placeholder values, stay, what became of it), oldest first."""
    supervised = [stay for stay in stays if stay.supervisor_id == users["supervisor"].pk] or stays
    mentees = [stay for stay in stays if stay.student.mentor_id == users["mentor"].pk] or stays
    own = next((stay for stay in stays if stay.student.user_id == users["student"].pk), stays[0])
    stopped = next((stay for stay in stays if stay.outcome == Outcome.BROKEN_OFF), stays[-1])
    checked = supervised[0]
    consent = mentees[0]
    host = next((stay for stay in supervised if stay.host_company), checked)
    host_name = host.host_company.name if host.host_company else "Het leerbedrijf"
    return [
        (70, "coordinator", Kind.STAY_STOPPED,
         {"student": stopped.student.full_name, "destination": stopped.destination_city,
          "outcome": "afgebroken"}, stopped, READ),
        (52, "mentor", Kind.STAY_STOPPED,
         {"student": stopped.student.full_name, "destination": stopped.destination_city,
          "outcome": "afgebroken"}, stopped, READ),
        (49, "coordinator", Kind.CONSENT_ANSWERED,
         {"student": consent.student.full_name, "guardian": "Mevrouw De Boer",
          "destination": consent.destination_city, "answer": "toestemming gegeven"},
         consent, SENT),
        (47, "mentor", Kind.CONSENT_ANSWERED,
         {"student": consent.student.full_name, "guardian": "Mevrouw De Boer",
          "destination": consent.destination_city, "answer": "toestemming gegeven"},
         consent, SENT),
        (30, "supervisor", Kind.HOST_ANSWERED,
         {"student": host.student.full_name, "host": host_name,
          "answer": "de bevestiging van de begeleidingsafspraken"}, host, FAILED),
        (26, "student", Kind.DUO,
         {"advice": "Je gaat binnenkort naar het buitenland. Je mag je "
          "studentenreisproduct gewoon houden. Gebruik je het daar niet, dan kun je in plaats "
          "daarvan een OV-vergoeding buitenland aanvragen in Mijn DUO, met een verklaring van "
          "school. Dat is jouw keuze; vraag het liefst nu aan als je het wilt."}, own, SENT),
        (20, "coordinator", Kind.TO_CHECK,
         {"student": checked.student.full_name, "item": "Stageovereenkomst ondertekend"},
         checked, READ),
        (6, "student", Kind.DUE_ITEMS,
         {"count": 2, "items": "- Reisverzekering afsluiten (uiterlijk over 5 dagen)\n"
          "- Europass-cv maken (te laat)"}, own, QUEUED),
        (3, "supervisor", Kind.TO_CHECK,
         {"student": checked.student.full_name, "item": "Begroting van de verwachte kosten"},
         checked, QUEUED),
        (1, "coordinator", Kind.HOST_ANSWERED,
         {"student": host.student.full_name, "host": host_name,
          "answer": "de evaluatie van de stage"}, host, QUEUED),
    ]  # fmt: skip


def _tell(
    user: User,
    kind: str,
    values: dict[str, object],
    stay: Mobility,
    *,
    hours_ago: int,
    state: str,
) -> None:
    """Tell the user as Wegwijzer would, then date it and give its e-mail its fate."""
    at = timezone.now() - datetime.timedelta(hours=hours_ago)
    made = services.notify(
        kind, [user], values=values, mobility=stay, dedupe_key=f"{KEY}{kind}:{hours_ago}",
        path=reverse("mobilities:detail", args=[stay.public_id]),
    )  # fmt: skip
    Notification.objects.filter(pk__in=[n.pk for n in made]).update(
        created_at=at, read_at=at + datetime.timedelta(hours=2) if state == READ else None
    )
    emails = OutboxMessage.objects.filter(dedupe_key__startswith=f"{KEY}{kind}:{hours_ago}:")
    if state in (READ, SENT):
        emails.update(created_at=at, status=Status.SENT, attempts=1, sent_at=at)
    elif state == FAILED:
        emails.update(
            created_at=at, status=Status.FAILED, attempts=tasks.MAX_ATTEMPTS,
            last_error="SMTPRecipientsRefused 550",
        )  # fmt: skip
    else:
        emails.update(created_at=at)
