from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.privacy.erasure import StillAbroad, erase_student
from wegwijzer.privacy.export import export_filename, export_student
from wegwijzer.privacy.forms import EraseForm


@require_GET
def student_export(request: AuthenticatedHttpRequest, public_id: UUID) -> FileResponse:
    """Everything held about one student, as a zip; the download is in the audit trail."""
    access.require(access.can_export_or_erase(request.user))
    student = access.student_for(request.user, public_id)
    archive = export_student(student, by=request.user)
    response = FileResponse(
        archive, as_attachment=True, filename=export_filename(student),
        content_type="application/zip",
    )  # fmt: skip
    add_never_cache_headers(response)
    return response


def student_erase(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    access.require(access.can_export_or_erase(request.user))
    student = access.student_for(request.user, public_id)
    form = EraseForm(request.POST or None, student=student)
    if student.erased_at is None and request.method == "POST" and form.is_valid():
        try:
            erase_student(student, by=request.user)
        except StillAbroad:
            form.add_error(None, _("This student has a stay abroad under way. Close it first."))
        else:
            messages.success(request, _("The student's personal data was erased."))
            return redirect("students:detail", public_id=student.public_id)
    context = {"student": student, "form": form}
    return render(request, "privacy/student_erase.html", context)
