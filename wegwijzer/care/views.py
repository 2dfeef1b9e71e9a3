from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wegwijzer import access
from wegwijzer.care import queries, services
from wegwijzer.care.forms import AnswerForm, IncidentForm, NewIncidentForm, StartRollCallForm
from wegwijzer.care.models import Answer, RollCall, RollCallEntry, Severity
from wegwijzer.core.countries import country_name
from wegwijzer.core.http import AuthenticatedHttpRequest, client_ip
from wegwijzer.core.pagination import page_of
from wegwijzer.mobilities import lifecycle
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.travel.services import MINISTRY_CONTACT_CENTRE

# The student's answer, through the link in their e-mail: public, phone-first, no script.


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Show the tiny form and record the answer; again while the roll call is open.

    An unknown token answers 404, a closed roll call 410; neither shows anything of the
    student.
    """
    entry = services.entry_for_token(token)
    if entry is None:
        return _public(request, "care/answer_closed.html", {"state": "unknown"}, status=404)
    if not entry.roll_call.is_open:
        return _public(request, "care/answer_closed.html", {"state": "closed"}, status=410)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.record_answer(entry, ip=client_ip(request), **form.cleaned_data)
        except ValidationError:
            return _public(request, "care/answer_closed.html", {"state": "closed"}, status=410)
        return _public(request, "care/answer_thanks.html", _answer_context(entry, form))
    return _public(request, "care/answer_form.html", _answer_context(entry, form))


def _answer_context(entry: RollCallEntry, form: AnswerForm) -> dict[str, Any]:
    return {
        "entry": entry,
        "roll_call": entry.roll_call,
        "student": entry.mobility.student,
        "form": form,
        "emergency_phone": settings.SCHOOL_EMERGENCY_PHONE,
        "ministry_phone": MINISTRY_CONTACT_CENTRE,
    }


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Roll calls: the coordinator's.


def roll_call_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_run_roll_calls(request.user))
    page = page_of(request, RollCall.objects.select_related("started_by", "closed_by"))
    counts = queries.answer_counts(list(page.object_list))
    rows = [(roll_call, counts[roll_call.pk]) for roll_call in page.object_list]
    return render(request, "care/roll_call_list.html", {"rows": rows, "page": page})


def roll_call_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_run_roll_calls(request.user))
    countries = queries.abroad_countries(timezone.localdate())
    form = StartRollCallForm(request.POST or None, countries=countries)
    if request.method == "POST" and form.is_valid():
        try:
            roll_call = services.start_roll_call(
                by=request.user, **form.cleaned_data,
                domain=request.get_host(), use_https=request.is_secure(),
            )  # fmt: skip
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The roll call has started; the e-mails are on their way."))
            return redirect("care:roll-call", public_id=roll_call.public_id)
    context = {"form": form, "abroad": sum(count for _code, count in countries)}
    return render(request, "care/roll_call_start.html", context)


# A roll call of a large group: each answer's group is paged on its own.
BOARD_PAGE_SIZE = 50
BOARD_GROUPS = [
    ("help", Answer.HELP, _lazy("Need help")),
    ("waiting", "", _lazy("No answer yet")),
    ("safe", Answer.SAFE, _lazy("Safe")),
]


def roll_call_detail(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The board: the number per answer (each one SQL count), then each answer's group,
    need help first, a page of each. The htmx poll and the page links swap the whole board and
    keep the pages the address names."""
    roll_call = access.roll_call_for(request.user, public_id)
    template = "care/roll_call_detail.html"
    if request.headers.get("HX-Request") == "true":
        template += "#status"
    groups = [
        {
            "name": name,
            "title": title,
            "page": page_of(
                request,
                queries.entries_answering(roll_call, answer),
                BOARD_PAGE_SIZE,
                param=f"{name}_page",
            ),
        }
        for name, answer, title in BOARD_GROUPS
    ]
    context = {
        "roll_call": roll_call,
        "groups": groups,
        "countries": [country_name(code) for code in roll_call.countries],
    }
    return render(request, template, context)


@require_POST
def roll_call_remind(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    roll_call = access.roll_call_for(request.user, public_id)
    try:
        count = services.send_reminders(
            roll_call, by=request.user, domain=request.get_host(), use_https=request.is_secure()
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(count)d student.",
                "A reminder is on its way to %(count)d students.",
                count,
            )
            % {"count": count},
        )
    return redirect("care:roll-call", public_id=roll_call.public_id)


@require_POST
def roll_call_close(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    roll_call = access.roll_call_for(request.user, public_id)
    try:
        services.close_roll_call(roll_call, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The roll call is closed. Its answers stay on record."))
    return redirect("care:roll-call", public_id=roll_call.public_id)


def answer_by_phone(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    entry = access.roll_call_entry_for(request.user, public_id)
    back = redirect("care:roll-call", public_id=entry.roll_call.public_id)
    if not entry.roll_call.is_open:
        messages.error(request, _("This roll call is closed."))
        return back
    form = AnswerForm(request.POST or None, initial={"answer": entry.answer or None})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_answer(entry, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                _("The answer of %(name)s is recorded.") % {"name": entry.mobility.student},
            )
        return back
    context = {"entry": entry, "student": entry.mobility.student, "form": form}
    return render(request, "care/answer_by_phone.html", context)


@require_POST
def help_handled(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Mark a call for help handled, or (a coordinator, with undo) not handled after all.

    The coordinators and the stay's supervisor may; anyone else gets 404. Back to the page
    the button was on: the home page, or the roll call.
    """
    entry = access.help_entry_for(request.user, public_id)
    undo = request.POST.get("undo") == "1"
    if undo:
        access.require(access.can_undo_handled(request.user))
    try:
        if undo:
            services.undo_handled(entry, by=request.user)
        else:
            services.mark_handled(entry, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        name = entry.mobility.student.first_name
        if undo:
            messages.success(
                request, _("The call for help of %(name)s is open again.") % {"name": name}
            )
        else:
            messages.success(
                request, _("The call for help of %(name)s is marked handled.") % {"name": name}
            )
    if request.POST.get("next") == "roll-call" and access.can_run_roll_calls(request.user):
        return redirect("care:roll-call", public_id=entry.roll_call.public_id)
    return redirect("home")


# Incidents: logged on a mobility by its coordinator or supervisor.


def incident_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_run_roll_calls(request.user))
    incidents = access.visible_incidents(request.user).select_related(
        "mobility__student", "reported_by"
    )
    open_only = request.GET.get("follow_up") == "open"
    if open_only:
        incidents = incidents.open_follow_ups().order_by("follow_up_on", "pk")
    else:
        incidents = incidents.order_by("-occurred_on", "-pk")
    context = {
        "page": page_of(request, incidents),
        "open_only": open_only,
        "today": timezone.localdate(),
    }
    return render(request, "care/incident_list.html", context)


def incident_create(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_log_incident(request.user, mobility))
    form = NewIncidentForm(
        request.POST or None,
        may_break_off=not lifecycle.why_not(
            Move.BREAK_OFF, mobility, user=request.user, today=timezone.localdate()
        ),
        initial={"occurred_on": timezone.localdate(), "severity": Severity.MINOR},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_incident(
                mobility, by=request.user, break_off=form.cleaned_data.get("break_off", False),
                **form.facts(),
            )  # fmt: skip
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The incident is logged."))
            return _to_incidents(mobility.public_id)
    return render(request, "care/incident_form.html", {"form": form, "mobility": mobility})


def incident_edit(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    incident = access.incident_for(request.user, public_id)
    access.require(access.can_log_incident(request.user, incident.mobility))
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        # The form has written its values onto the instance: compare with a fresh copy.
        incident.refresh_from_db()
        services.update_incident(
            incident, by=request.user,
            changes={name: form.cleaned_data[name] for name in form.changed_data},
        )  # fmt: skip
        messages.success(request, _("The incident is saved."))
        return _to_incidents(incident.mobility.public_id)
    context = {"form": form, "mobility": incident.mobility, "incident": incident}
    return render(request, "care/incident_form.html", context)


def _to_incidents(mobility_id: UUID) -> HttpResponse:
    return redirect(reverse("mobilities:detail", args=[mobility_id]) + "#incidents-title")
