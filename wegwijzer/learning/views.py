from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.learning import services
from wegwijzer.learning.forms import (
    REVIEW_FIELDS,
    AssessmentForm,
    GoalForm,
    ReflectionForm,
    ResponseForm,
    ReviewForm,
    VersionForm,
)
from wegwijzer.learning.models import MAX_GOALS, Assessment, Reflection
from wegwijzer.learning.services import StaleLearningError, goals_of, may_assess
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

REVIEWS_PER_PAGE = 10


def _detail(mobility: Mobility, anchor: str = "") -> HttpResponse:
    url = reverse("learning:detail", args=[mobility.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _seeing(request: AuthenticatedHttpRequest, public_id: UUID) -> Mobility:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_see_learning(request.user, mobility))
    return mobility


# The stay's learning page: everything, read by whoever sees the stay.


def learning_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = _seeing(request, public_id)
    user = request.user
    reviews = Paginator(
        mobility.goal_reviews.select_related("reviewed_by"), REVIEWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    reflection = (
        Reflection.objects.filter(mobility=mobility)
        .select_related("document", "responded_by")
        .first()
    )
    context = {
        "mobility": mobility,
        "goals": goals_of(mobility),
        "page": reviews,
        "reflection": reflection,
        "assessment": Assessment.objects.filter(mobility=mobility).first(),
        "can_keep": mobility.is_open and access.can_keep_goals(user, mobility),
        "can_write": mobility.is_open and access.can_write_reflection(user, mobility),
        "can_respond": mobility.is_open and access.can_respond_to_reflection(user, mobility),
        "can_assess": may_assess(mobility) and access.can_keep_goals(user, mobility),
        "abroad": mobility.step >= Step.ABROAD,
        "back_home": mobility.step == Step.BACK_HOME,
    }
    return render(request, "learning/learning_detail.html", context)


# Goals: kept by the coordinator and the stay's supervisor.


def _keeping(request: AuthenticatedHttpRequest, mobility: Mobility) -> None:
    access.require(access.can_keep_goals(request.user, mobility))


def goal_add(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    _keeping(request, mobility)
    count = mobility.learning_goals.count()
    form = GoalForm(request.POST or None, initial={"version": count})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_goal(
                mobility, by=request.user, seen=form.cleaned_data["version"],
                goal=form.cleaned_data["goal"], tasks=form.cleaned_data["tasks"],
            )  # fmt: skip
        except ValidationError as refused:
            form.add_error(None, refused)
            show_stored_version(form, mobility.learning_goals.count())
        else:
            messages.success(request, _("The learning goal is added."))
            return _detail(mobility, "goals-title")
    context = {"form": form, "mobility": mobility, "full": count >= MAX_GOALS}
    return render(request, "learning/goal_form.html", context)


def goal_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    goal = access.goal_for(request.user, public_id)
    mobility = goal.mobility
    _keeping(request, mobility)
    initial = {"goal": goal.goal, "tasks": goal.tasks, "version": goal.version}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ("goal", "tasks")}
        try:
            services.change_goal(
                goal, by=request.user, version=form.cleaned_data["version"], changes=changes
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            goal.refresh_from_db()
            show_stored_version(form, goal.version)
        else:
            messages.success(request, _("The learning goal is saved."))
            return _detail(mobility, "goals-title")
    context = {
        "form": form,
        "mobility": mobility,
        "goal": goal,
        "remove_form": VersionForm(initial={"version": goal.version}, auto_id="remove-%s"),
    }
    return render(request, "learning/goal_form.html", context)


@require_POST
def goal_remove(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    goal = access.goal_for(request.user, public_id)
    _keeping(request, goal.mobility)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleLearningError(services.STALE)
        services.remove_goal(goal, by=request.user, version=form.cleaned_data["version"])
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The learning goal is removed."))
    return _detail(goal.mobility, "goals-title")


# Reviews during the stay: the coordinator and the stay's supervisor.


def review_add(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    _keeping(request, mobility)
    count = mobility.goal_reviews.count()
    initial = {"reviewed_on": timezone.localdate(), "version": count}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        facts = {name: form.cleaned_data[name] for name in REVIEW_FIELDS}
        try:
            services.record_review(
                mobility, by=request.user, seen=form.cleaned_data["version"], **facts
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            show_stored_version(form, mobility.goal_reviews.count())
        else:
            messages.success(request, _("The review is recorded."))
            return _detail(mobility, "reviews-title")
    context = {
        "form": form,
        "mobility": mobility,
        "goals": goals_of(mobility),
        "possible": mobility.is_open and mobility.step >= Step.ABROAD,
    }
    return render(request, "learning/review_form.html", context)


# The reflection: the student writes it; the mentor, the supervisor and the coordinator
# respond to it or reopen it.


def _reflection_of(mobility: Mobility) -> Reflection | None:
    return Reflection.objects.filter(mobility=mobility).select_related("document").first()


def reflection_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_write_reflection(request.user, mobility))
    reflection = _reflection_of(mobility)
    initial: dict[str, Any] = {"version": reflection.version if reflection else 0}
    if reflection:
        initial |= {name: getattr(reflection, name) for name in ReflectionForm.ANSWERS}
    form = ReflectionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_reflection(
                mobility, by=request.user, version=form.cleaned_data["version"],
                answers=form.answers(), upload=form.cleaned_data["document"], submit=submit,
            )  # fmt: skip
        except ValidationError as refused:
            form.add_error(None, refused)
            stored = _reflection_of(mobility)
            show_stored_version(form, stored.version if stored else 0)
        else:
            if submit:
                messages.success(request, _("Your reflection is submitted."))
            else:
                messages.success(request, _("Your reflection is saved as a draft."))
            return _detail(mobility, "reflection-title")
    context = {
        "form": form,
        "mobility": mobility,
        "reflection": reflection,
        "possible": mobility.is_open and mobility.step == Step.BACK_HOME,
    }
    return render(request, "learning/reflection_form.html", context)


def reflection_respond(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_respond_to_reflection(request.user, mobility))
    reflection = _reflection_of(mobility)
    initial = {
        "response": reflection.response if reflection else "",
        "version": reflection.version if reflection else 0,
    }
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and reflection:
        try:
            services.respond_to_reflection(
                reflection, by=request.user, version=form.cleaned_data["version"],
                response=form.cleaned_data["response"],
            )  # fmt: skip
        except ValidationError as refused:
            form.add_error(None, refused)
            reflection.refresh_from_db()
            show_stored_version(form, reflection.version)
        else:
            messages.success(request, _("Your response is saved."))
            return _detail(mobility, "reflection-title")
    context = {"form": form, "mobility": mobility, "reflection": reflection}
    return render(request, "learning/reflection_respond.html", context)


@require_POST
def reflection_reopen(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_respond_to_reflection(request.user, mobility))
    reflection = _reflection_of(mobility)
    form = VersionForm(request.POST)
    try:
        if reflection is None or not form.is_valid():
            raise StaleLearningError(services.STALE)
        services.reopen_reflection(
            reflection, by=request.user, version=form.cleaned_data["version"]
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The reflection is reopened; the student can change it."))
    return _detail(mobility, "reflection-title")


# Assessment: the coordinator and the stay's supervisor, back home.


def assessment_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    _keeping(request, mobility)
    assessment = Assessment.objects.filter(mobility=mobility).first()
    scale = mobility.student.programme.assessment_scale
    initial: dict[str, Any] = {
        "assessor": request.user.get_full_name() or str(request.user),
        "assessed_on": timezone.localdate(),
        "version": 0,
    }
    if assessment:
        initial = {
            "grade": assessment.grade, "rating": assessment.rating,
            "assessor": assessment.assessor, "assessed_on": assessment.assessed_on,
            "counts_for": assessment.counts_for, "version": assessment.version,
        }  # fmt: skip
    form = AssessmentForm(request.POST or None, initial=initial, scale=scale)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(
                mobility, by=request.user, version=form.cleaned_data["version"], **form.result()
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            stored = Assessment.objects.filter(mobility=mobility).first()
            show_stored_version(form, stored.version if stored else 0)
        else:
            messages.success(request, _("The assessment is saved."))
            return _detail(mobility, "assessment-title")
    context = {
        "form": form,
        "mobility": mobility,
        "assessment": assessment,
        "possible": may_assess(mobility),
    }
    return render(request, "learning/assessment_form.html", context)
