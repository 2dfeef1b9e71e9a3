"""Demo: shared experiences of students abroad and back home, and three ambassadors in
different countries, one of whom shares contact details. Loading twice changes nothing."""

import random

from wegwijzer.accounts.models import User
from wegwijzer.experiences import services
from wegwijzer.experiences.models import Ambassador, Experience
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step

# (student number, text, shared by the coordinator)
DEMO_EXPERIENCES = [
    ("540014", "De eerste week was spannend: alles in het Spaans, ook de briefing in de "
     "keuken. Nu bestel ik zelf bij de leveranciers. Tip: leer vooraf de namen van "
     "groenten en vis!", True),
    ("540016", "In Dublin werk ik mee aan een echte huisstijl voor een klant. Mijn "
     "begeleider laat me veel zelf doen, en vraagt elke vrijdag wat ik heb geleerd.", True),
    ("540019", "Praag was even wennen: ander eten, andere werktijden. Ik heb geleerd om "
     "hulp te vragen als ik iets niet begrijp, ook in het Engels.", True),
    ("540021", "Terug thuis merk ik dat ik veel zelfstandiger ben geworden. Gasten "
     "aanspreken in het Engels doe ik nu zonder na te denken.", True),
    ("540015", "Eerste maand op Curaçao: warm, druk en heel gezellig op het werk.", False),
]  # fmt: skip

# (student number, how to reach them, share contact details)
DEMO_AMBASSADORS = [
    ("540021", "Mail me via mijn schoolmail, of spreek me aan op de open dag.", True),
    ("540022", "Via de internationaliseringscoördinator.", False),
    ("540019", "Via de internationaliseringscoördinator.", False),
]


def load(*, rng: random.Random, password: str) -> None:
    if Experience.objects.exists() or Ambassador.objects.exists():
        return
    coordinator = User.objects.get(username="coordinator")
    stays = {
        stay.student.student_number: stay
        for stay in Mobility.objects.filter(step__gte=Step.ABROAD)
        .exclude(outcome__in=(Outcome.CANCELLED, Outcome.NOT_GOING, Outcome.BROKEN_OFF))
        .select_related("student__user")
    }
    for number, text, shared in DEMO_EXPERIENCES:
        stay = stays.get(number)
        if stay is None:
            continue
        author = stay.student.user or coordinator
        posted = services.post_experience(by=author, mobility=stay, text=text, consent=shared)
        if shared:
            services.set_shared(posted, by=coordinator, version=posted.version, shared=True)
    for number, contact, share_contact in DEMO_AMBASSADORS:
        stay = stays.get(number)
        if stay is None or stay.step != Step.BACK_HOME:
            continue
        services.become_ambassador(
            by=stay.student.user or coordinator, mobility=stay, contact=contact,
            share_contact=share_contact,
        )  # fmt: skip
