from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.students import services
from wegwijzer.students.forms import StudentSearchForm, all_valid, student_forms
from wegwijzer.students.models import Student

PAGE_SIZE = 25


def student_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    search = StudentSearchForm(request.GET or None)
    students = (
        access.visible_students(request.user)
        .select_related("programme", "mentor")
        .order_by("last_name", "first_name", "pk")
    )
    students = search.filter(students)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "students/student_list.html", {"search": search, "page": page})


def student_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    student = access.student_for(request.user, public_id)
    context = {
        "student": student,
        # The same gate as everywhere: a supervisor sees only the stays they supervise.
        "mobilities": access.visible_mobilities(request.user).filter(student=student),
        "can_manage": access.can_manage_school(request.user),
    }
    return render(request, "students/student_detail.html", context)


def student_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form, guardians, contacts = student_forms(request.POST or None, Student())
    if request.method == "POST" and all_valid(form, guardians, contacts):
        student = services.create_student(
            by=request.user,
            guardians=guardians.changes(),
            emergency_contacts=contacts.changes(),
            **form.cleaned_data,
        )
        messages.success(request, _("%(name)s was added.") % {"name": student.full_name})
        return redirect("students:detail", public_id=student.public_id)
    context = {"form": form, "guardians": guardians, "contacts": contacts}
    return render(request, "students/student_form.html", context)


def student_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    student = access.student_for(request.user, public_id)
    # Taken before validation, which writes the typed values onto the student.
    name = student.full_name
    form, guardians, contacts = student_forms(request.POST or None, student)
    if request.method == "POST" and all_valid(form, guardians, contacts):
        student = services.update_student(
            student,
            by=request.user,
            changes=form.cleaned_data,
            guardians=guardians.changes(),
            emergency_contacts=contacts.changes(),
        )
        messages.success(request, _("The changes were saved."))
        return redirect("students:detail", public_id=student.public_id)
    context = {"form": form, "guardians": guardians, "contacts": contacts, "name": name}
    return render(request, "students/student_form.html", context)
