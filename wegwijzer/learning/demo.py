"""Demo: learning goals for the stays being prepared and under way, a review for each stay
abroad, and a returned student with a submitted reflection, a response and a grade."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from wegwijzer.accounts.models import Role, User
from wegwijzer.learning import services
from wegwijzer.learning.models import LearningGoal, Rating, Verdict
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import AssessmentScale, Step

GOALS = [
    ("Gasten en klanten in de taal van het land ontvangen en helpen.",
     "Dagelijks aan de receptie of balie; na vier weken een gesprek zonder hulp."),
    ("Zelfstandig de eigen werkdag plannen en afspraken nakomen.",
     "Weekplanning maken en bespreken met de praktijkopleider."),
    ("Een werkwijze van het leerbedrijf beschrijven en vergelijken met Nederland.",
     "Verslag met foto's voor het portfolio, keuzedeel Internationaal II."),
]  # fmt: skip

REFLECTION = {
    "what_happened": "Tien weken gewerkt in de keuken en bediening van een gasthaus. Ik woonde "
    "bij een gastgezin en heb in het weekend de omgeving verkend.",
    "what_learned": "Ik durf nu in het Duits te praten met gasten en ik plan mijn eigen werk. "
    "Ook heb ik geleerd om hulp te vragen als iets niet lukt.",
    "what_next": "Ik wil mijn volgende stage bij een internationaal hotel doen en het keuzedeel "
    "Duits volgen.",
}


def load(*, rng: random.Random, password: str) -> None:
    if LearningGoal.objects.exists():
        return
    coordinator = User.objects.get(username="coordinator")
    mentor = User.objects.filter(role=Role.MENTOR).order_by("username").first()
    stays = Mobility.objects.filter(outcome=Outcome.IN_PROGRESS, step__gte=Step.PREPARATION)
    stays = stays.select_related("student__programme", "student__user", "supervisor")
    for mobility in stays.order_by("pk"):
        keeper = mobility.supervisor or coordinator
        for seen, (goal, tasks) in enumerate(GOALS[: rng.choice([2, 3])]):
            services.add_goal(mobility, by=keeper, seen=seen, goal=goal, tasks=tasks)
        if mobility.step >= Step.ABROAD:
            _review(mobility, by=keeper, rng=rng)
    returned = stays.filter(step=Step.BACK_HOME).order_by("departure_date").first()
    if returned is not None:
        _reflect_and_assess(returned, by=coordinator, mentor=mentor)


def _review(mobility: Mobility, *, by: User, rng: random.Random) -> None:
    today = timezone.localdate()
    done = rng.randrange(2, 6)
    services.record_review(
        mobility, by=by, seen=0,
        reviewed_on=min(today, mobility.departure_date + datetime.timedelta(days=21)),
        verdict=rng.choice([Verdict.ON_TRACK, Verdict.ON_TRACK, Verdict.ADJUSTED]),
        assignments_done=done, assignments_assessed=done - 1, assignments_passed=done - 1,
        note="Videogesprek met student en praktijkopleider; de student voelt zich thuis.",
    )  # fmt: skip


def _reflect_and_assess(mobility: Mobility, *, by: User, mentor: User | None) -> None:
    # The demo's returned students have no login of their own: the coordinator enters it.
    author = mobility.student.user or by
    reflection = services.save_reflection(
        mobility, by=author, version=0, answers=REFLECTION, submit=True
    )
    services.respond_to_reflection(
        reflection, by=mentor or by, version=reflection.version,
        response="Mooi hoe je laat zien wat je hebt geleerd. Neem de foto's van je "
        "weekplanning mee in je presentatie.",
    )  # fmt: skip
    scale = mobility.student.programme.assessment_scale
    grade = Decimal("7.5") if scale == AssessmentScale.GRADE else None
    rating: dict[str, str] = {
        AssessmentScale.PASS_FAIL: Rating.PASS,
        AssessmentScale.RATING: Rating.GOOD,
    }
    services.record_assessment(
        mobility, by=mobility.supervisor or by, version=0, grade=grade,
        rating=rating.get(scale, ""), assessor=str(mobility.supervisor or by),
        assessed_on=timezone.localdate(), counts_for="BPV periode 2, keuzedeel Internationaal II",
    )  # fmt: skip
