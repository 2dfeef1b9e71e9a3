"""Demo: a closed roll call after a storm, answered by link and by phone, and incidents."""

import datetime
import random

from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.care import services
from wegwijzer.care.models import Incident, RollCall, RollCallEntry
from wegwijzer.care.queries import abroad_on
from wegwijzer.mobilities.models import Mobility

# (kind, severity, days ago, what happened, actions taken, follow-up in days or None)
DEMO_INCIDENTS = [
    ("illness", "serious", 12,
     "Opgenomen in het ziekenhuis met blindedarmontsteking; dezelfde dag geopereerd.",
     "Stagebegeleider heeft de student en de ouders gebeld; verzekeraar ingelicht.", 3),
    ("theft", "minor", 20, "Portemonnee en bankpas gestolen in de tram.",
     "Pas geblokkeerd; aangifte gedaan; noodgeld via het leerbedrijf.", None),
    ("homesickness", "minor", 6, "Voelt zich 's avonds eenzaam en denkt erover naar huis te komen.",
     "Wekelijks videogesprek afgesproken met de stagebegeleider.", 10),
    ("host_conflict", "serious", 3, "Onenigheid met het leerbedrijf over de werktijden.",
     "Stagebegeleider bezoekt het leerbedrijf volgende week.", -1),
]  # fmt: skip


def load(*, rng: random.Random, password: str) -> None:
    if RollCall.objects.exists() or Incident.objects.exists():
        return
    coordinator = User.objects.get(username="coordinator")
    abroad = list(abroad_on(timezone.localdate()).select_related("student", "supervisor"))
    if len(abroad) < 3:
        return
    _roll_call(abroad, by=coordinator)
    _incidents(abroad, by=coordinator)


def _roll_call(abroad: list[Mobility], *, by: User) -> None:
    """A storm last week: every student abroad asked, all answered, then closed."""
    roll_call = RollCall.objects.create(
        message="Vannacht wordt zware storm verwacht in Zuid-Europa. Blijf binnen en laat "
        "ons weten dat je veilig bent.",
        reminder_hours=2,
        started_by=by,
    )
    RollCallEntry.objects.bulk_create(
        RollCallEntry(
            roll_call=roll_call, mobility=mobility, email=services.email_of(mobility.student)
        )
        for mobility in abroad
    )
    record(by=by, action=Action.CREATE, obj=roll_call, changes={"entries": ("", len(abroad))})
    entries = list(roll_call.entries.select_related("mobility__student"))
    help_entry, phoned, *by_link = entries
    for entry in by_link:
        services.record_answer(entry, answer="safe", location=entry.mobility.destination_city)
    # Needed help, and was safe again after a call from the supervisor.
    services.record_answer(
        help_entry, answer="help", message="De stroom is uitgevallen en het raam is kapot.",
        location=help_entry.mobility.destination_city,
    )  # fmt: skip
    services.record_answer(
        help_entry, by=by, answer="safe",
        message="Bij de buren van het gastgezin ondergebracht; telefonisch gesproken.",
    )  # fmt: skip
    services.record_answer(
        phoned, by=by, answer="safe", message="Geen mobiele data; het leerbedrijf gebeld."
    )
    services.close_roll_call(roll_call, by=by)
    started = timezone.now() - datetime.timedelta(days=7)
    RollCall.objects.filter(pk=roll_call.pk).update(
        started_at=started, closed_at=started + datetime.timedelta(hours=5)
    )


def _incidents(abroad: list[Mobility], *, by: User) -> None:
    today = timezone.localdate()
    for mobility, (kind, severity, ago, what, actions, follow_up) in zip(
        abroad, DEMO_INCIDENTS, strict=False
    ):
        services.log_incident(
            mobility, by=mobility.supervisor or by, kind=kind, severity=severity,
            occurred_on=max(today - datetime.timedelta(days=ago), mobility.departure_date),
            description=what, actions_taken=actions,
            follow_up_on=None if follow_up is None else today + datetime.timedelta(days=follow_up),
        )  # fmt: skip
