"""The learning card of the mobility page: goals, the latest review, the reflection and the
assessment, in a fixed number of queries whatever the stay holds."""

from dataclasses import dataclass

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.learning.models import Assessment, GoalReview, LearningGoal, Reflection
from wegwijzer.learning.services import goals_of
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step


@dataclass
class LearningPanel:
    goals: list[LearningGoal]
    latest_review: GoalReview | None
    reviews: int
    reflection: Reflection | None
    assessment: Assessment | None
    can_keep: bool
    can_write: bool
    back_home: bool


def learning_panel(user: User, mobility: Mobility) -> LearningPanel | None:
    """From step 3 (the goals are agreed before departure), or earlier once a goal is
    there; for whoever may see the stay's learning. None hides the card."""
    if not access.can_see_learning(user, mobility):
        return None
    goals = goals_of(mobility)
    if mobility.step < Step.PREPARATION and not goals:
        return None
    reviews = list(mobility.goal_reviews.select_related("reviewed_by")[:1])
    return LearningPanel(
        goals=goals,
        latest_review=reviews[0] if reviews else None,
        reviews=mobility.goal_reviews.count() if reviews else 0,
        reflection=Reflection.objects.filter(mobility=mobility).first(),
        assessment=Assessment.objects.filter(mobility=mobility).first(),
        can_keep=mobility.is_open and access.can_keep_goals(user, mobility),
        can_write=mobility.is_open and access.can_write_reflection(user, mobility),
        back_home=mobility.step == Step.BACK_HOME or not mobility.is_open,
    )
