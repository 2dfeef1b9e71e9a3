from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest


def student_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    student = access.student_for(request.user, public_id)
    return render(request, "students/student_detail.html", {"student": student})
