"""Experiences and ambassadors: thin views over access.py's gates and the services."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wegwijzer import access
from wegwijzer.core.countries import country_name
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import ListPage, page_of
from wegwijzer.experiences import queries, services
from wegwijzer.experiences.forms import (
    AmbassadorForm,
    ConsentForm,
    ExperienceForm,
    PoolFilterForm,
    ShareForm,
    VersionForm,
)
from wegwijzer.experiences.models import Ambassador, Experience
from wegwijzer.mobilities.models import Mobility

PAGE_SIZE = 20

# The rows each list shows, with what its template reads, in one query.
EXPERIENCE_RELATED = ("mobility__student__programme",)
AMBASSADOR_RELATED = ("mobility__student__programme", "mobility__host_company")


def _page(request: AuthenticatedHttpRequest, rows: QuerySet[Any]) -> ListPage:
    return page_of(request, rows, PAGE_SIZE)


# Experiences


def shared_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The posts that may be shared: first name, programme, destination, text, photo."""
    shared = access.shared_experiences(request.user).select_related(*EXPERIENCE_RELATED)
    context = {"page": _page(request, shared.order_by("-shared_at", "-pk"))}
    return render(request, "experiences/shared_list.html", context)


def stay_experiences(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """A stay's posts, for whoever sees the stay; the student writes a new one here."""
    mobility = access.mobility_for(request.user, public_id)
    may_post = access.can_post_experience(request.user, mobility)
    form = ExperienceForm(request.POST or None, request.FILES or None) if may_post else None
    if request.method == "POST":
        access.require(may_post)
        assert form is not None  # noqa: S101 - made above for whoever may post
        if form.is_valid():
            photo = form.cleaned_data["photo"]
            try:
                services.post_experience(
                    by=request.user, mobility=mobility, text=form.cleaned_data["text"],
                    consent=form.cleaned_data["consent"],
                    photo=photo.file if photo else None,
                    photo_type=photo.content_type if photo else "",
                )  # fmt: skip
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Your experience is saved."))
                return redirect("experiences:stay", public_id=mobility.public_id)
    posts = Experience.objects.filter(mobility=mobility).select_related(*EXPERIENCE_RELATED)
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "form": form,
        "page": _page(request, posts),
        "own": mobility.student.user_id == request.user.pk,
        "may_share": access.can_share_experiences(request.user),
    }
    return render(request, "experiences/stay_experiences.html", context)


@require_POST
def consent(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The student gives or withdraws their consent to share a post."""
    experience = access.experience_for(request.user, public_id)
    access.require(access.can_change_consent(request.user, experience))
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed."))
    else:
        try:
            services.set_consent(
                experience, by=request.user, version=form.cleaned_data["version"],
                consent=form.cleaned_data["consent"],
            )  # fmt: skip
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                _("The school may share this experience.")
                if form.cleaned_data["consent"]
                else _("Your consent is withdrawn: this experience is no longer shared."),
            )
    return redirect(
        reverse("experiences:stay", args=[experience.mobility.public_id])
        + f"#experience-{experience.public_id}"
    )


def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's list: the posts the students agreed to share, not yet shared first."""
    access.require(access.can_share_experiences(request.user))
    posts = (
        access.visible_experiences(request.user)
        .filter(consent=True)
        .select_related(*EXPERIENCE_RELATED)
        .order_by("shared", "-created_at", "-pk")
    )
    return render(request, "experiences/review.html", {"page": _page(request, posts)})


@require_POST
def share(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    access.require(access.can_share_experiences(request.user))
    experience = access.experience_for(request.user, public_id)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed."))
    else:
        try:
            services.set_shared(
                experience, by=request.user, version=form.cleaned_data["version"],
                shared=form.cleaned_data["shared"],
            )  # fmt: skip
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                _("The experience may be shared.")
                if form.cleaned_data["shared"]
                else _("The experience is no longer shared."),
            )
    target = request.POST.get("next", "")
    if target == "stay":
        return redirect("experiences:stay", public_id=experience.mobility.public_id)
    return redirect("experiences:review")


@require_GET
def photo(request: AuthenticatedHttpRequest, public_id: UUID) -> FileResponse:
    """A post's photo, for whoever may read the post; never cached."""
    experience = access.experience_for(request.user, public_id)
    if not experience.photo:
        raise Http404
    try:
        stored = experience.photo.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    services.record_photo_view(experience, by=request.user)
    response = FileResponse(stored, content_type=experience.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# Ambassadors


def pool(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find an ambassador by country or programme; contact details only with consent."""
    everyone = access.visible_ambassadors(request.user)
    countries = queries.ambassador_countries(everyone)
    filters = PoolFilterForm(
        request.GET or None, countries=[(code, country_name(code)) for code in countries]
    )
    listed = everyone.select_related(*AMBASSADOR_RELATED).order_by("-created_at", "-pk")
    if filters.is_valid():
        if country := filters.cleaned_data.get("country"):
            listed = listed.filter(mobility__destination_country=country)
        if programme := filters.cleaned_data["programme"].strip():
            listed = listed.filter(
                Q(mobility__student__programme__name__icontains=programme)
                | Q(mobility__student__programme__qualification_code=programme)
            )
    context = {"filters": filters, "page": _page(request, listed)}
    return render(request, "experiences/pool.html", context)


def _ambassador_mobility(request: AuthenticatedHttpRequest, public_id: UUID) -> Mobility:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_be_ambassador(request.user, mobility))
    return mobility


def ambassador(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Opt in as ambassador for a stay, or change the details."""
    mobility = _ambassador_mobility(request, public_id)
    entry = Ambassador.objects.filter(mobility=mobility).first()
    initial = (
        {"contact": entry.contact, "share_contact": entry.share_contact, "version": entry.version}
        if entry
        else {}
    )
    form = AmbassadorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if entry is None:
                services.become_ambassador(
                    by=request.user, mobility=mobility, contact=data["contact"],
                    share_contact=data["share_contact"],
                )  # fmt: skip
            else:
                services.change_ambassador(
                    entry, by=request.user, version=data.get("version") or 0,
                    contact=data["contact"], share_contact=data["share_contact"],
                )  # fmt: skip
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("You are in the ambassador pool. Thank you!"))
            return redirect("experiences:ambassador", public_id=mobility.public_id)
    context = {"mobility": mobility, "entry": entry, "form": form}
    return render(request, "experiences/ambassador_form.html", context)


@require_POST
def ambassador_leave(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Opt out: the ambassador leaves the pool at once."""
    mobility = _ambassador_mobility(request, public_id)
    entry = Ambassador.objects.filter(mobility=mobility).first()
    form = VersionForm(request.POST)
    if entry is None or not form.is_valid():
        messages.error(request, _("Nothing was changed."))
    else:
        try:
            services.stop_being_ambassador(
                entry, by=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("You are no longer in the ambassador pool."))
    return redirect("experiences:ambassador", public_id=mobility.public_id)
