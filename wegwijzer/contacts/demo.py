"""Demo: every stay abroad gets a contact agreement, its moments since the departure and a
few contacts; one falls to a wellbeing of 2 (flagged), one misses its latest moment, and a
student with an account checks in themself."""

import datetime
import random

from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.contacts import services
from wegwijzer.contacts.models import Channel, ContactAgreement, ContactMoment, Participant
from wegwijzer.contacts.planning import GRACE, plan_days
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step

# Per stay, the wellbeing of its latest contacts, oldest first.
TRENDS = [[4, 3, 2], [4, 4, 5], [5, 4, 4], [3, 4, 4], [4, 5, 5]]
HOW = {
    5: "Het gaat heel goed; ze heeft het erg naar haar zin op het werk en in het gastgezin.",
    4: "Gaat goed. Went aan de werktijden en kookt zelf.",
    3: "Gaat redelijk; mist vrienden en familie in het weekend.",
    2: "Voelt zich eenzaam en slaapt slecht; twijfelt of ze het volhoudt.",
}
ACTIONS = {
    2: "Over een week opnieuw bellen; mentor en ouders op de hoogte (met toestemming).",
    3: "Zoekt een sportclub in de buurt.",
}


def load(*, rng: random.Random, password: str) -> None:
    if ContactAgreement.objects.exists():
        return
    coordinator = User.objects.get(username="coordinator")
    today = timezone.localdate()
    stays = Mobility.objects.filter(step=Step.ABROAD, outcome=Outcome.IN_PROGRESS)
    for index, mobility in enumerate(
        stays.select_related("student__user", "supervisor").order_by("departure_date", "pk")
    ):
        by = mobility.supervisor or coordinator
        _stay(mobility, by=by, scores=TRENDS[index % len(TRENDS)], miss=index == 1, today=today)
        if index == 2 and mobility.student.user:
            # The student's own check-in, when the demo gives them an account.
            services.check_in(
                mobility, by=mobility.student.user, newest="",
                wellbeing=4, how_doing="Leuke week gehad, we zijn naar het strand geweest!",
            )  # fmt: skip


def _stay(
    mobility: Mobility, *, by: User, scores: list[int], miss: bool, today: datetime.date
) -> None:
    agreement = services.set_agreement(
        mobility, by=by, version=0, first_weeks=4, first_every_days=7, then_every_days=14,
        channel=Channel.VIDEO, participants=[Participant.SUPERVISOR, Participant.STUDENT],
        note="Videobellen op vrijdagmiddag; het leerbedrijf eens per maand erbij.",
    )  # fmt: skip
    past = [
        ContactMoment(mobility=mobility, due_on=due, opens_on=opens)
        for due, opens in plan_days(agreement, mobility.first_day, mobility.last_day)
        if due < today
    ]
    ContactMoment.objects.bulk_create(past)
    held = [moment.due_on for moment in past]
    if miss and held and held[-1] < today - datetime.timedelta(days=GRACE):
        held = held[:-1]
    # Every moment held but (for one stay) the latest; the trend in the last ones.
    padded = [scores[0]] * max(len(held) - len(scores), 0) + scores
    for day, score in zip(held, padded[len(padded) - len(held) :], strict=True):
        services.log_contact(
            mobility, by=by, newest=services.newest_entry_id(mobility), held_on=day,
            channel=Channel.VIDEO, participants=[Participant.SUPERVISOR, Participant.STUDENT],
            wellbeing=score, how_doing=HOW[score], homesick=score <= 3,
            actions=ACTIONS.get(score, ""),
            actions_by=day + datetime.timedelta(days=7) if score in ACTIONS else None,
            confidential=score <= 2,
        )  # fmt: skip
