"""Goals, reviews, reflection and assessment hang off the stay: erased with the student."""

import datetime
from decimal import Decimal

import pytest

from tests.documents.samples import PDF, upload
from tests.learning.conftest import add_goals
from tests.learning.test_services import ANSWERS, review
from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.learning import services
from wegwijzer.learning.models import Assessment, GoalReview, LearningGoal, Reflection
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.privacy.erasure import erase_student

pytestmark = pytest.mark.django_db


def test_erasure_removes_what_the_student_learned_and_wrote(
    back_home, student, supervisor, coordinator, django_capture_on_commit_callbacks
):
    add_goals(back_home, supervisor, "Gasten ontvangen in het Spaans")
    review(back_home, supervisor)
    portfolio = CheckedUpload(upload("portfolio.pdf", PDF), "application/pdf")
    services.save_reflection(
        back_home, by=student, version=0, answers=ANSWERS, upload=portfolio, submit=True
    )
    services.record_assessment(
        back_home, by=supervisor, version=0, grade=Decimal("7.5"), rating="",
        assessor="M. de Vries", assessed_on=datetime.date.today(), counts_for="BPV 2",
    )  # fmt: skip
    Mobility.objects.filter(pk=back_home.pk).update(outcome=Outcome.COMPLETED)

    with django_capture_on_commit_callbacks(execute=True):
        erase_student(back_home.student, by=coordinator)

    for model in (LearningGoal, GoalReview, Reflection, Assessment):
        assert not model.objects.exists(), model
