from uuid import UUID

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wegwijzer import access
from wegwijzer.audit.history import history_page
from wegwijzer.audit.models import AuditEntry
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.core.search import remember_search, remembered_search
from wegwijzer.students import services
from wegwijzer.students.forms import (
    AbroadInterestForm,
    MedicalOnCardForm,
    StudentSearchForm,
    StudentVersionForm,
    all_valid,
    student_forms,
)
from wegwijzer.students.models import (
    COUNTED_UP_TO,
    SENSITIVE_FIELDS,
    EmergencyContact,
    Student,
)


def student_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    if request.method == "POST":
        return remember_search(request, "student_search", StudentSearchForm, "students:list")
    search = StudentSearchForm(remembered_search(request, "student_search"))
    students = (
        access.visible_students(request.user)
        .not_erased()
        .select_related("programme", "mentor")
        .order_by("last_name", "first_name", "pk")
    )
    page = page_of(request, search.filter(students), count_up_to=COUNTED_UP_TO)
    return render(request, "students/student_list.html", {"search": search, "page": page})


def student_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    student = access.student_for(request.user, public_id)
    # The same gate as everywhere: a supervisor sees only the stays they supervise.
    mobilities = list(access.visible_mobilities(request.user).filter(student=student))
    sensitive = access.can_see_sensitive(request.user, student)
    # The stays' ids as a list, not a subquery: PostgreSQL then combines the two indexes
    # (BitmapOr) instead of reading the whole audit trail backwards (650 ms at 10,000 stays).
    entries = AuditEntry.objects.filter(
        Q(student=student) | Q(mobility__in=[mobility.pk for mobility in mobilities])
    )
    hidden: tuple[str, ...] = ()
    if not sensitive:
        # Their changes would show the sensitive details through the back door.
        entries = entries.exclude(object_type=EmergencyContact._meta.label_lower)
        hidden = SENSITIVE_FIELDS
    context = {
        "student": student,
        "mobilities": mobilities,
        "can_manage": access.can_manage_school(request.user),
        "can_see_sensitive": sensitive,
        "can_export_or_erase": access.can_export_or_erase(request.user),
        "history": history_page(
            request,
            access.visible_history(request.user, entries),
            hidden=hidden,
        ),
    }
    return render(request, "students/student_detail.html", context)


@require_GET
def student_sensitive(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Emergency contacts, medical notes, passport and insurance: opened on purpose, and
    each opening is in the audit trail."""
    student = access.student_for(request.user, public_id)
    access.require(access.can_see_sensitive(request.user, student))
    services.record_sensitive_view(student, by=request.user)
    context = {
        "student": student,
        "contacts": student.emergency_contacts.all(),
        "card_form": MedicalOnCardForm(
            initial={"version": student.version, "medical_on_card": student.medical_on_card}
        )
        if access.can_choose_medical_on_card(request.user, student)
        else None,
    }
    response = render(request, "students/student_sensitive.html", context)
    add_never_cache_headers(response)
    return response


def student_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form, guardians, contacts = student_forms(request.POST or None, Student())
    if request.method == "POST" and all_valid(form, guardians, contacts):
        student = services.create_student(
            by=request.user,
            guardians=guardians.changes(),
            emergency_contacts=contacts.changes(),
            **form.facts(),
        )
        messages.success(request, _("%(name)s was added.") % {"name": student.full_name})
        return redirect("students:detail", public_id=student.public_id)
    context = {"form": form, "guardians": guardians, "contacts": contacts}
    return render(request, "students/student_form.html", context)


def student_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    student = access.student_for(request.user, public_id)
    if student.erased_at:
        messages.error(
            request, _("This student's personal data was erased; there is nothing to edit.")
        )
        return redirect("students:detail", public_id=student.public_id)
    # Taken before validation, which writes the typed values onto the student.
    name = student.full_name
    form, guardians, contacts = student_forms(request.POST or None, student)
    if request.method == "GET":
        # The form shows the sensitive fields and the emergency contacts as well.
        services.record_sensitive_view(student, by=request.user)
    if request.method == "POST" and all_valid(form, guardians, contacts):
        try:
            student = services.update_student(
                student,
                by=request.user,
                version=form.cleaned_data["version"],
                changes=form.facts(),
                guardians=guardians.changes(),
                emergency_contacts=contacts.changes(),
            )
        except services.StaleStudentError as error:
            form.add_error(None, error)
            show_stored_version(form, Student.objects.get(pk=student.pk).version)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("students:detail", public_id=student.public_id)
    context = {"form": form, "guardians": guardians, "contacts": contacts, "name": name}
    return render(request, "students/student_form.html", context)


def _back_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Back to the mentor's home, on the page of mentees the form was posted from."""
    page = request.POST.get("page", "")
    return redirect(f"{reverse('home')}?page={page}" if page.isdigit() else reverse("home"))


def _refused(request: AuthenticatedHttpRequest) -> None:
    messages.error(request, _("Nothing was changed: the form was incomplete. Try again."))


@require_POST
def student_interest(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The mentor notes whether the student thinks of going abroad, from their home page."""
    student = access.student_for(request.user, public_id)
    access.require(access.can_set_abroad_interest(request.user, student))
    form = AbroadInterestForm(request.POST)
    if not form.is_valid():
        _refused(request)
        return _back_home(request)
    try:
        services.set_abroad_interest(
            student,
            by=request.user,
            version=form.cleaned_data["version"],
            interest=form.cleaned_data["abroad_interest"],
        )
    except services.StaleStudentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved for %(name)s.") % {"name": student.full_name})
    return _back_home(request)


@require_POST
def student_ask_for_stay(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The mentor asks the coordinators to start a stay for the student."""
    student = access.student_for(request.user, public_id)
    access.require(access.can_ask_for_stay(request.user, student))
    form = StudentVersionForm(request.POST)
    if not form.is_valid():
        _refused(request)
        return _back_home(request)
    try:
        services.ask_for_stay(
            student,
            by=request.user,
            version=form.cleaned_data["version"],
            domain=request.get_host(),
            use_https=request.is_secure(),
        )
    except services.StaleStudentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The coordinators are asked to start a stay for %(name)s.")
            % {"name": student.full_name},
        )
    return _back_home(request)


@require_POST
def student_medical_on_card(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The student chooses whether their emergency card prints their medical notes."""
    student = access.student_for(request.user, public_id)
    access.require(access.can_choose_medical_on_card(request.user, student))
    form = MedicalOnCardForm(request.POST)
    if not form.is_valid():
        _refused(request)
    else:
        try:
            services.set_medical_on_card(
                student,
                by=request.user,
                version=form.cleaned_data["version"],
                on_card=form.cleaned_data["medical_on_card"],
            )
        except services.StaleStudentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your choice for the emergency card is saved."))
    return redirect("students:sensitive", public_id=student.public_id)
