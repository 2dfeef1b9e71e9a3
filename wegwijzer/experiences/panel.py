"""The experiences' and ambassadors' links on the student's home page and the card on the
mobility page: built from what those pages loaded, plus one count."""

from dataclasses import dataclass

from django.db.models import Count, Q

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.experiences.models import Ambassador, Experience
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step


@dataclass
class StudentLinks:
    # The stay the student may post an experience about, and be an ambassador for.
    post_on: Mobility | None
    ambassador_on: Mobility | None
    # Orienting (no stay yet, or one in step 1): the pool and the shared posts come first.
    orienting: bool


def student_links(user: User, journey: Mobility | None, stays: list[Mobility]) -> StudentLinks:
    """No query: the home page loaded the student's stays with their student."""
    latest_first = sorted(stays, key=lambda stay: stay.departure_date, reverse=True)
    return StudentLinks(
        post_on=next((s for s in latest_first if access.can_post_experience(user, s)), None),
        ambassador_on=next((s for s in latest_first if access.can_be_ambassador(user, s)), None),
        orienting=journey is None or journey.step == Step.ORIENTATION,
    )


@dataclass
class ExperiencesPanel:
    posts: int
    shared: int
    ambassador: bool
    may_post: bool
    may_be_ambassador: bool


def experiences_panel(user: User, mobility: Mobility) -> ExperiencesPanel | None:
    """The stay's posts and ambassador, for whoever sees the stay, from step 4 on."""
    if mobility.step < Step.ABROAD:
        return None
    counts = Experience.objects.filter(mobility=mobility).aggregate(
        posts=Count("pk"), shared=Count("pk", filter=Q(consent=True, shared=True))
    )
    return ExperiencesPanel(
        posts=counts["posts"],
        shared=counts["shared"],
        ambassador=Ambassador.objects.filter(mobility=mobility).exists(),
        may_post=access.can_post_experience(user, mobility),
        may_be_ambassador=access.can_be_ambassador(user, mobility),
    )
