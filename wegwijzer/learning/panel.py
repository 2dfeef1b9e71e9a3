"""The learning card of the mobility page: goals, the latest review, the reflection and the
assessment, in a fixed number of queries whatever the stay holds."""

from dataclasses import dataclass

from django.db.models import Count

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
    """For whoever may see the stay's learning, in every step (the goals are agreed before
    departure); three queries whatever the step and the rows. None hides the card."""
    if not access.can_see_learning(user, mobility):
        return None
    stay = (
        Mobility.objects.filter(pk=mobility.pk)
        .select_related("reflection", "assessment")
        .annotate(reviews=Count("goal_reviews"))
        .get()
    )
    latest = mobility.goal_reviews.first()
    return LearningPanel(
        goals=goals_of(mobility),
        latest_review=latest,
        reviews=getattr(stay, "reviews", 0),
        reflection=getattr(stay, "reflection", None),
        assessment=getattr(stay, "assessment", None),
        can_keep=mobility.is_open and access.can_keep_goals(user, mobility),
        can_write=mobility.is_open and access.can_write_reflection(user, mobility),
        back_home=mobility.step == Step.BACK_HOME or not mobility.is_open,
    )
