"""Goals, reviews, reflection and assessment: the rules of the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.documents.samples import PDF, upload
from tests.learning.conftest import add_goals, in_step
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.learning import services
from wegwijzer.learning.models import (
    MAX_GOALS,
    Assessment,
    GoalReview,
    LearningGoal,
    Rating,
    Reflection,
    ReflectionStatus,
    Verdict,
)
from wegwijzer.learning.services import StaleLearningError, goals_of
from wegwijzer.mobilities.models import ItemStatus, Mobility, Outcome
from wegwijzer.programmes.models import AssessmentScale, Checker, Step

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
ANSWERS = {
    "what_happened": "Ik werkte in een hotel in Valencia.",
    "what_learned": "Zelfstandig werken en Spaans spreken.",
    "what_next": "Ik wil na mijn opleiding in het buitenland werken.",
}


def item(mobility: Mobility, key: str):
    return mobility.items.get(template_item__key=key)


def review(mobility, by, seen=0, **changes):
    facts = {
        "reviewed_on": TODAY, "verdict": Verdict.ON_TRACK, "assignments_done": 3,
        "assignments_assessed": 2, "assignments_passed": 2, "note": "Gaat goed.", **changes,
    }  # fmt: skip
    return services.record_review(mobility, by=by, seen=seen, **facts)


# Goals


def test_goals_are_kept_in_their_order_and_each_addition_is_audited(stay, supervisor):
    add_goals(stay, supervisor, "Gasten ontvangen in het Spaans", "Zelfstandig werken")

    assert [goal.goal for goal in goals_of(stay)] == [
        "Gasten ontvangen in het Spaans",
        "Zelfstandig werken",
    ]
    created = AuditEntry.objects.filter(action=Action.CREATE, object_type="learning.learninggoal")
    assert created.count() == 2
    assert set(created.values_list("mobility", flat=True)) == {stay.pk}


def test_a_repeated_goal_post_adds_nothing(stay, supervisor):
    services.add_goal(stay, by=supervisor, seen=0, goal="Zelfstandig werken", tasks="")

    with pytest.raises(StaleLearningError):
        services.add_goal(stay, by=supervisor, seen=0, goal="Zelfstandig werken", tasks="")

    assert LearningGoal.objects.count() == 1


def test_a_stay_has_a_bounded_number_of_goals(stay, supervisor):
    add_goals(stay, supervisor, *[f"Doel {n}" for n in range(MAX_GOALS)])

    with pytest.raises(ValidationError):
        services.add_goal(stay, by=supervisor, seen=MAX_GOALS, goal="Nog een", tasks="")


def test_a_stale_goal_change_is_refused_and_a_fresh_one_audited(stay, supervisor):
    add_goals(stay, supervisor, "Zelfstandig werken")
    goal = LearningGoal.objects.get()
    services.change_goal(goal, by=supervisor, version=0, changes={"tasks": "Eigen planning"})

    with pytest.raises(StaleLearningError):
        services.change_goal(goal, by=supervisor, version=0, changes={"tasks": "Iets anders"})

    goal.refresh_from_db()
    assert (goal.tasks, goal.version) == ("Eigen planning", 1)
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_type="learning.learninggoal")
    assert entry.changes == {"tasks": ["", "Eigen planning"]}


def test_a_removed_goal_is_gone_and_its_removal_audited(stay, supervisor):
    add_goals(stay, supervisor, "Zelfstandig werken")
    goal = LearningGoal.objects.get()

    services.remove_goal(goal, by=supervisor, version=0)

    assert not LearningGoal.objects.exists()
    assert AuditEntry.objects.filter(action=Action.DELETE, object_label="Zelfstandig werken")
    with pytest.raises(StaleLearningError):
        services.remove_goal(goal, by=supervisor, version=0)


def test_a_closed_stay_keeps_its_goals_as_they_are(stay, supervisor):
    Mobility.objects.filter(pk=stay.pk).update(outcome=Outcome.COMPLETED)
    stay.refresh_from_db()

    with pytest.raises(ValidationError):
        services.add_goal(stay, by=supervisor, seen=0, goal="Te laat", tasks="")


# Reviews


def test_a_review_marks_the_progress_item_done_once(stay, supervisor):
    assert item(stay, services.PROGRESS_ITEM).status == ItemStatus.OPEN

    review(stay, supervisor)

    progress = item(stay, services.PROGRESS_ITEM)
    assert progress.status == ItemStatus.DONE and progress.changed_by == supervisor
    version = progress.version
    review(stay, supervisor, seen=1, verdict=Verdict.NEW_PLAN)
    assert item(stay, services.PROGRESS_ITEM).version == version
    assert stay.goal_reviews.first().verdict == Verdict.NEW_PLAN


def test_a_repeated_review_post_records_nothing(stay, supervisor):
    review(stay, supervisor)

    with pytest.raises(StaleLearningError):
        review(stay, supervisor)

    assert GoalReview.objects.count() == 1


def test_a_review_refuses_more_passed_than_assessed(stay, supervisor):
    with pytest.raises(ValidationError):
        review(stay, supervisor, assignments_assessed=1, assignments_passed=2)

    assert not GoalReview.objects.exists()


def test_goals_are_reviewed_from_step_four(stay, supervisor):
    in_step(stay, Step.PREPARATION)

    with pytest.raises(ValidationError):
        review(stay, supervisor)


# Reflection


def test_a_draft_reflection_leaves_the_item_open(back_home, student):
    reflection = services.save_reflection(
        back_home, by=student, version=0, answers={**ANSWERS, "what_next": ""}
    )

    assert reflection.status == ReflectionStatus.DRAFT and reflection.version == 1
    assert item(back_home, services.REFLECTION_ITEM).status == ItemStatus.OPEN
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="learning.reflection")


def test_submitting_needs_the_three_answers(back_home, student):
    with pytest.raises(ValidationError):
        services.save_reflection(
            back_home, by=student, version=0, answers={**ANSWERS, "what_learned": " "},
            submit=True,
        )  # fmt: skip

    assert not Reflection.objects.exists()


def test_submitting_marks_the_reflection_item_done_with_the_portfolio(back_home, student):
    portfolio = CheckedUpload(upload("portfolio.pdf", PDF), "application/pdf")

    reflection = services.save_reflection(
        back_home, by=student, version=0, answers=ANSWERS, upload=portfolio, submit=True
    )

    assert reflection.is_submitted and reflection.submitted_at and reflection.document
    assert reflection.document.original_name == "portfolio.pdf"
    assert reflection.document.item == item(back_home, services.REFLECTION_ITEM)
    assert item(back_home, services.REFLECTION_ITEM).status == ItemStatus.DONE


def test_submitting_hands_the_item_in_for_the_schools_check(back_home, student):
    back_home.items.filter(template_item__key=services.REFLECTION_ITEM).update(
        checker=Checker.SUPERVISOR
    )

    services.save_reflection(back_home, by=student, version=0, answers=ANSWERS, submit=True)

    assert item(back_home, services.REFLECTION_ITEM).status == ItemStatus.TO_CHECK


def test_a_repeated_or_stale_reflection_post_changes_nothing(back_home, student):
    services.save_reflection(back_home, by=student, version=0, answers=ANSWERS)

    with pytest.raises(StaleLearningError):
        services.save_reflection(back_home, by=student, version=0, answers={**ANSWERS})

    assert Reflection.objects.get().version == 1


def test_a_submitted_reflection_is_changed_only_after_reopening(back_home, student, mentor):
    services.save_reflection(back_home, by=student, version=0, answers=ANSWERS, submit=True)

    with pytest.raises(ValidationError):
        services.save_reflection(back_home, by=student, version=1, answers=ANSWERS)

    reflection = services.reopen_reflection(Reflection.objects.get(), by=mentor, version=1)
    assert reflection.status == ReflectionStatus.DRAFT
    assert item(back_home, services.REFLECTION_ITEM).status == ItemStatus.OPEN
    assert AuditEntry.objects.filter(action=Action.REOPEN, object_type="learning.reflection")
    services.save_reflection(back_home, by=student, version=2, answers=ANSWERS, submit=True)
    assert item(back_home, services.REFLECTION_ITEM).status == ItemStatus.DONE


def test_the_reflection_is_written_in_step_five(stay, student):
    with pytest.raises(ValidationError):
        services.save_reflection(stay, by=student, version=0, answers=ANSWERS)


def test_a_response_is_given_to_a_submitted_reflection(back_home, student, mentor):
    draft = services.save_reflection(back_home, by=student, version=0, answers=ANSWERS)
    with pytest.raises(ValidationError):
        services.respond_to_reflection(draft, by=mentor, version=1, response="Mooi!")

    submitted = services.save_reflection(
        back_home, by=student, version=1, answers=ANSWERS, submit=True
    )
    responded = services.respond_to_reflection(
        submitted, by=mentor, version=2, response="Mooi gedaan!"
    )

    assert (responded.response, responded.responded_by) == ("Mooi gedaan!", mentor)
    with pytest.raises(StaleLearningError):
        services.respond_to_reflection(submitted, by=mentor, version=2, response="Nogmaals")


# Assessment


def assess(mobility, by, version=0, **changes):
    facts = {
        "grade": Decimal("7.5"), "rating": "", "assessor": "M. de Vries",
        "assessed_on": TODAY, "counts_for": "BPV periode 2", **changes,
    }  # fmt: skip
    return services.record_assessment(mobility, by=by, version=version, **facts)


def test_a_grade_is_recorded_with_who_assessed_and_what_it_counts_for(back_home, supervisor):
    assessment = assess(back_home, supervisor)

    assert (assessment.grade, assessment.scale) == (Decimal("7.5"), AssessmentScale.GRADE)
    assert (assessment.assessor, assessment.recorded_by) == ("M. de Vries", supervisor)
    entry = AuditEntry.objects.get(object_type="learning.assessment")
    assert entry.action == Action.CREATE and entry.changes["grade"] == ["", "7.5"]


@pytest.mark.parametrize("grade", [Decimal("7.55"), Decimal("0.5"), Decimal("10.1"), None])
def test_a_grade_outside_the_scale_is_refused(back_home, supervisor, grade):
    with pytest.raises(ValidationError):
        assess(back_home, supervisor, grade=grade)

    assert not Assessment.objects.exists()


def test_a_pass_fail_programme_records_pass_or_fail(back_home, supervisor):
    programme = back_home.student.programme
    programme.assessment_scale = AssessmentScale.PASS_FAIL
    programme.save()

    with pytest.raises(ValidationError):
        assess(back_home, supervisor, rating=Rating.GOOD)
    assessment = assess(back_home, supervisor, rating=Rating.PASS)

    assert (assessment.grade, assessment.rating) == (None, Rating.PASS)


def test_a_stale_assessment_is_refused(back_home, supervisor):
    assess(back_home, supervisor)

    with pytest.raises(StaleLearningError):
        assess(back_home, supervisor, grade=Decimal("8"))

    assess(back_home, supervisor, version=1, grade=Decimal("8"))
    assert Assessment.objects.get().grade == Decimal("8.0")


def test_the_assessment_waits_for_step_five_and_may_follow_completion(stay, supervisor):
    with pytest.raises(ValidationError):
        assess(stay, supervisor)

    Mobility.objects.filter(pk=stay.pk).update(outcome=Outcome.COMPLETED, step=Step.BACK_HOME)
    stay.refresh_from_db()
    assert assess(stay, supervisor).grade == Decimal("7.5")
