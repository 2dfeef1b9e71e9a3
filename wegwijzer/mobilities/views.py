from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import redirect, render

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.mobilities import services
from wegwijzer.mobilities.forms import MobilityForm
from wegwijzer.students.models import Student


def mobility_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    return render(request, "mobilities/mobility_detail.html", {"mobility": mobility})


def mobility_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    initial = {}
    if student_id := request.GET.get("student"):
        initial["student"] = (
            access.visible_students(request.user).filter(public_id=student_id).first()
        )
    form = MobilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        mobility = services.create_mobility(
            by=request.user, student=form.cleaned_data["student"], **form.facts()
        )
        return redirect("mobilities:detail", public_id=mobility.public_id)
    return render(request, "mobilities/mobility_form.html", {"form": form})


def _chosen_student(request: AuthenticatedHttpRequest) -> Student | None:
    """The student named in ?student=, when coming from a student's page."""
    try:
        public_id = UUID(request.GET.get("student", ""))
    except ValueError:
        return None
    return access.visible_students(request.user).filter(public_id=public_id).first()
