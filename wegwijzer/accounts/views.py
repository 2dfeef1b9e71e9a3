from django.http import HttpResponse
from django.shortcuts import render

from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.hosts.models import HostCompany
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import Student


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role lands on its own home page after logging in."""
    user = request.user
    context: dict[str, object] = {"role_label": user.get_role_display()}
    if user.role == "coordinator":
        context["counts"] = {
            "programmes": Programme.objects.count(),
            "students": Student.objects.count(),
            "hosts": HostCompany.objects.count(),
            "countries": HostCompany.objects.values("country").distinct().count(),
        }
    elif user.role == "student":
        context["student"] = (
            Student.objects.filter(user=user).select_related("programme", "mentor").first()
        )
    elif user.role == "mentor":
        context["mentees"] = Student.objects.filter(mentor=user).select_related("programme")
    return render(request, f"accounts/home_{user.role}.html", context)
