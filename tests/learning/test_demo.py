import pytest
from django.core.management import call_command

from wegwijzer.learning.models import Assessment, GoalReview, LearningGoal, Reflection
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def test_demo_has_goals_reviews_and_a_reflected_and_assessed_return(settings):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    abroad = Mobility.objects.filter(outcome="", step=Step.ABROAD)
    assert abroad.exists()
    for mobility in abroad:
        assert 2 <= mobility.learning_goals.count() <= 3
        assert mobility.goal_reviews.count() == 1
    assert LearningGoal.objects.filter(mobility__student__user__username="student").exists()
    [reflection] = Reflection.objects.all()
    assert reflection.is_submitted and reflection.response
    assert Assessment.objects.get().mobility == reflection.mobility
    assert GoalReview.objects.count() == Mobility.objects.filter(outcome="", step__gte=4).count()
