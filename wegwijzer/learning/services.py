"""Goals, reviews, reflection and assessment: every change goes through here.

Each function takes the acting user as `by`, runs in one transaction under the stay's row
lock (mobilities.services.locked) and leaves one audit entry. A form that changes a row
carries the row's version; a form that adds a row (a goal, a review) carries how many
there were when it was shown. A repeated or stale post changes nothing and says so.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.documents.services import store_document
from wegwijzer.learning.models import (
    MAX_GOALS,
    Assessment,
    GoalReview,
    LearningGoal,
    Rating,
    Reflection,
    ReflectionStatus,
)
from wegwijzer.mobilities import hooks
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import AssessmentScale, Step

# The checklist items these tools settle (programmes.default_checklist).
PROGRESS_ITEM = "abroad-progress"
REFLECTION_ITEM = "back-reflection"

# The results each scale allows besides a grade.
RATINGS: dict[str, list[str]] = {
    AssessmentScale.PASS_FAIL: [Rating.PASS, Rating.FAIL],
    AssessmentScale.RATING: [Rating.UNSATISFACTORY, Rating.SATISFACTORY, Rating.GOOD],
}

STALE = gettext_lazy(
    "This was changed since this page was shown (or the form was sent twice). "
    "Check what is there now and try again."
)


class StaleLearningError(ValidationError):
    """The goal, review list, reflection or assessment changed since the form was shown."""


def goals_of(mobility: Mobility) -> list[LearningGoal]:
    """The stay's learning goals in their agreed order: for the supervision agreement, the
    Europass Mobility and the pages here. One query."""
    return list(mobility.learning_goals.all())


# Goals


def _lock(mobility: Mobility) -> Mobility:
    stored = mobility_services.locked(mobility, version=None)
    if not stored.is_open:
        raise ValidationError(_("This stay is closed; what was learned can only be read."))
    return stored


def _audit(by: User, action: Action, obj: Any, mobility: Mobility, **kwargs: Any) -> None:
    record(by=by, action=action, obj=obj, mobility=mobility, student=mobility.student, **kwargs)


@transaction.atomic
def add_goal(mobility: Mobility, *, by: User, seen: int, goal: str, tasks: str) -> LearningGoal:
    """A goal at the end of the list; `seen` is how many goals the form was shown with."""
    stored = _lock(mobility)
    count = stored.learning_goals.count()
    if count != seen:
        raise StaleLearningError(STALE)
    if count >= MAX_GOALS:
        raise ValidationError(
            _("A stay has at most %(count)d learning goals.") % {"count": MAX_GOALS}
        )
    created = LearningGoal.objects.create(
        mobility=stored, position=count + 1, goal=goal, tasks=tasks
    )
    _audit(
        by, Action.CREATE, created, stored, label=created.goal,
        changes=snapshot(created, ["goal", "tasks"], created=True),
    )  # fmt: skip
    hooks.facts_changed(stored)  # the goals are in the stay's agreements
    return created


def _locked_goal(goal: LearningGoal, *, version: int) -> LearningGoal:
    stored = LearningGoal.objects.select_for_update().filter(pk=goal.pk).first()
    if stored is None or stored.version != version:
        raise StaleLearningError(STALE)
    return stored


@transaction.atomic
def change_goal(
    goal: LearningGoal, *, by: User, version: int, changes: dict[str, Any]
) -> LearningGoal:
    stored_mobility = _lock(goal.mobility)
    stored = _locked_goal(goal, version=version)
    diff = changed_fields(stored, changes)
    if diff:
        for name in diff:
            setattr(stored, name, changes[name])
        stored.version += 1
        stored.save(update_fields=[*diff, "version", "updated_at"])
        _audit(by, Action.CHANGE, stored, stored_mobility, label=stored.goal, changes=diff)
        hooks.facts_changed(stored_mobility)
    return stored


@transaction.atomic
def remove_goal(goal: LearningGoal, *, by: User, version: int) -> None:
    stored_mobility = _lock(goal.mobility)
    stored = _locked_goal(goal, version=version)
    _audit(
        by, Action.DELETE, stored, stored_mobility, label=stored.goal,
        changes=snapshot(stored, ["goal", "tasks"], created=False),
    )  # fmt: skip
    stored.delete()
    hooks.facts_changed(stored_mobility)


# Reviews during the stay


@transaction.atomic
def record_review(
    mobility: Mobility,
    *,
    by: User,
    seen: int,
    reviewed_on: datetime.date,
    verdict: str,
    assignments_done: int,
    assignments_assessed: int,
    assignments_passed: int,
    note: str = "",
) -> GoalReview:
    """A review of the goals during the stay (from step 4). The stay's open checklist item
    "progress reviewed" is marked done with it; `seen` is how many reviews the form showed."""
    stored = _lock(mobility)
    if stored.step < Step.ABROAD:
        raise ValidationError(_("Goals are reviewed during the stay, from step 4."))
    if stored.goal_reviews.count() != seen:
        raise StaleLearningError(STALE)
    if not assignments_passed <= assignments_assessed <= assignments_done:
        raise ValidationError(
            _("More assignments passed than assessed, or assessed than done: check the counts.")
        )
    review = GoalReview.objects.create(
        mobility=stored, reviewed_on=reviewed_on, verdict=verdict, note=note, reviewed_by=by,
        assignments_done=assignments_done, assignments_assessed=assignments_assessed,
        assignments_passed=assignments_passed,
    )  # fmt: skip
    fields = ["reviewed_on", "verdict", "assignments_done", "assignments_assessed",
              "assignments_passed", "note"]  # fmt: skip
    _audit(by, Action.CREATE, review, stored, changes=snapshot(review, fields, created=True))
    _mark_item_done(stored, PROGRESS_ITEM, by=by, done_on=min(reviewed_on, timezone.localdate()))
    return review


def _item(mobility: Mobility, key: str) -> ChecklistItem | None:
    item = mobility.items.filter(template_item__key=key, applicable=True).first()
    if item is not None:
        item.mobility = mobility  # the one in hand, with its student, for the audit entry
    return item


def _mark_item_done(mobility: Mobility, key: str, *, by: User, done_on: datetime.date) -> None:
    """Mark the item done through the checklist's own service, as if its owner had ticked
    it: it waits for the school's check when the item has a checker and `by` may not check.
    An item done, waiting or waived already is left as it is."""
    item = _item(mobility, key)
    if item is None or item.status != ItemStatus.OPEN:
        return
    mobility_services.complete_item(item, by=by, version=item.version, done_on=done_on)


# The reflection back home


def _locked_reflection(mobility: Mobility, *, version: int) -> Reflection:
    """The stay's reflection, locked, or a new one (version 0) when there is none yet."""
    stored = Reflection.objects.select_for_update().filter(mobility=mobility).first()
    stored = stored or Reflection(mobility=mobility)
    if stored.version != version:
        raise StaleLearningError(STALE)
    return stored


@transaction.atomic
def save_reflection(
    mobility: Mobility,
    *,
    by: User,
    version: int,
    answers: dict[str, str],
    upload: CheckedUpload | None = None,
    submit: bool = False,
) -> Reflection:
    """The student's answers to the three questions, kept as a draft or submitted.

    Submitting needs all three answers; it marks the checklist item "reflection done" (or
    hands it in for the school's check). A submitted reflection is changed only after it
    is reopened. A new presentation or portfolio replaces the one shown; the earlier file
    stays among the stay's documents.
    """
    stored_mobility = _lock(mobility)
    if stored_mobility.step < Step.BACK_HOME:
        raise ValidationError(_("The reflection is written back home, in step 5."))
    reflection = _locked_reflection(stored_mobility, version=version)
    if reflection.is_submitted:
        raise ValidationError(_("The reflection is submitted; it can be changed once reopened."))
    if submit and not all(answer.strip() for answer in answers.values()):
        raise ValidationError(_("Answer the three questions before you submit the reflection."))
    new = reflection.pk is None
    changes: dict[str, Any] = {**answers}
    if upload is not None:
        changes["document"] = store_document(
            by=by, mobility=stored_mobility, item=_item(stored_mobility, REFLECTION_ITEM),
            upload=upload.file, content_type=upload.content_type,
        )  # fmt: skip
    if submit:
        changes["status"] = ReflectionStatus.SUBMITTED
        changes["submitted_at"] = timezone.now()
    diff = changed_fields(reflection, changes)
    for name, value in changes.items():
        setattr(reflection, name, value)
    reflection.version += 1
    reflection.save()
    _audit(
        by, Action.CREATE if new else Action.CHANGE, reflection, stored_mobility,
        changes={name: diff[name] for name in diff if name != "submitted_at"},
    )  # fmt: skip
    if submit:
        _mark_item_done(stored_mobility, REFLECTION_ITEM, by=by, done_on=timezone.localdate())
    return reflection


@transaction.atomic
def respond_to_reflection(
    reflection: Reflection, *, by: User, version: int, response: str
) -> Reflection:
    """The mentor's, supervisor's or coordinator's response to a submitted reflection."""
    stored_mobility = _lock(reflection.mobility)
    stored = _locked_reflection(stored_mobility, version=version)
    if not stored.is_submitted:
        raise ValidationError(_("A response is given to a submitted reflection."))
    if not response.strip():
        raise ValidationError(_("Write a response."))
    diff = changed_fields(stored, {"response": response})
    stored.response, stored.responded_by, stored.responded_at = response, by, timezone.now()
    stored.version += 1
    stored.save(update_fields=["response", "responded_by", "responded_at", "version", "updated_at"])
    _audit(by, Action.CHANGE, stored, stored_mobility, changes=diff)
    return stored


@transaction.atomic
def reopen_reflection(reflection: Reflection, *, by: User, version: int) -> Reflection:
    """A submitted reflection back to the student as a draft; its checklist item is open
    again, so submitting it anew marks it once more."""
    stored_mobility = _lock(reflection.mobility)
    stored = _locked_reflection(stored_mobility, version=version)
    if not stored.is_submitted:
        raise ValidationError(_("This reflection is not submitted (any more)."))
    stored.status, stored.submitted_at = ReflectionStatus.DRAFT, None
    stored.version += 1
    stored.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    _audit(
        by, Action.REOPEN, stored, stored_mobility,
        changes={"status": (ReflectionStatus.SUBMITTED, ReflectionStatus.DRAFT)},
    )  # fmt: skip
    item = _item(stored_mobility, REFLECTION_ITEM)
    if item is not None and item.status != ItemStatus.OPEN:
        mobility_services.reopen_item(item, by=by, version=item.version)
    return stored


# Assessment and recognition


def may_assess(mobility: Mobility) -> bool:
    """Back home (step 5), or after the stay was completed: the result often comes later."""
    return mobility.is_back_home


@transaction.atomic
def record_assessment(
    mobility: Mobility,
    *,
    by: User,
    version: int,
    grade: Decimal | None,
    rating: str,
    assessor: str,
    assessed_on: datetime.date,
    counts_for: str,
) -> Assessment:
    """The result on the programme's scale (a grade 1-10 with one decimal, pass/fail, or
    unsatisfactory/satisfactory/good), who assessed it, when, and what it counts for."""
    stored_mobility = mobility_services.locked(mobility, version=None)
    if not may_assess(stored_mobility):
        raise ValidationError(_("The placement is assessed back home, in step 5."))
    scale = stored_mobility.student.programme.assessment_scale
    grade, rating = _result_on(scale, grade, rating)
    assessment = Assessment.objects.select_for_update().filter(mobility=stored_mobility).first()
    assessment = assessment or Assessment(mobility=stored_mobility)
    if assessment.version != version:
        raise StaleLearningError(STALE)
    new = assessment.pk is None
    changes = {
        "scale": scale, "grade": grade, "rating": rating, "assessor": assessor,
        "assessed_on": assessed_on, "counts_for": counts_for,
    }  # fmt: skip
    diff = changed_fields(assessment, changes)
    for name, value in changes.items():
        setattr(assessment, name, value)
    assessment.recorded_by = by
    assessment.version += 1
    assessment.save()
    _audit(by, Action.CREATE if new else Action.CHANGE, assessment, stored_mobility, changes=diff)
    return assessment


def _result_on(scale: str, grade: Decimal | None, rating: str) -> tuple[Decimal | None, str]:
    if scale == AssessmentScale.GRADE:
        if grade is None or not Decimal(1) <= grade <= Decimal(10):
            raise ValidationError(_("Give a grade from 1 to 10, e.g. 7,5."))
        if grade != grade.quantize(Decimal("0.1")):
            raise ValidationError(_("A grade has at most one decimal, e.g. 7,5."))
        return grade.quantize(Decimal("0.1")), ""
    if rating not in RATINGS.get(scale, []):
        raise ValidationError(_("Choose one of the results of the programme's scale."))
    return None, rating
