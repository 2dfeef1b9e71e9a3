from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.contacts import panel, services
from wegwijzer.contacts.forms import AgreementForm, CheckInForm, EntryForm
from wegwijzer.contacts.models import ContactAgreement, Participant
from wegwijzer.contacts.planning import missed_by
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of

ENTRIES_PER_PAGE = 20


def log(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The stay's contact log, newest first, with its agreement and planned moments."""
    mobility = access.contacts_mobility_for(request.user, public_id)
    today = timezone.localdate()
    page = page_of(request, mobility.contact_entries.select_related("author"), ENTRIES_PER_PAGE)
    moments = mobility.contact_moments.all()
    context = {
        "mobility": mobility,
        "page": page,
        "rows": panel.rows(request.user, mobility, list(page.object_list)),
        "agreement": ContactAgreement.objects.filter(mobility=mobility).first(),
        "next_moment": moments.filter(entry__isnull=True, due_on__gte=today).first(),
        "missed_count": moments.filter(missed_by(today)).count(),
        "can_log": access.can_log_contact(request.user, mobility),
        "can_set_agreement": access.can_set_contact_agreement(request.user, mobility),
    }
    return render(request, "contacts/log.html", context)


def agreement(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.contacts_mobility_for(request.user, public_id)
    access.require(access.can_set_contact_agreement(request.user, mobility))
    current = ContactAgreement.objects.filter(mobility=mobility).first()
    initial: dict[str, object] = {"version": current.version if current else 0}
    if current is None:
        initial["participants"] = [Participant.SUPERVISOR, Participant.STUDENT]
    form = AgreementForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        if current is not None:
            current.refresh_from_db()  # the form wrote its values onto it
        try:
            services.set_agreement(
                mobility, by=request.user, version=form.cleaned_data["version"], **form.facts()
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The contact agreement is saved; the moments are planned."))
            return redirect("contacts:log", public_id=mobility.public_id)
    return render(request, "contacts/agreement_form.html", {"form": form, "mobility": mobility})


def new_entry(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    mobility = access.contacts_mobility_for(request.user, public_id)
    access.require(access.can_log_contact(request.user, mobility))
    form = EntryForm(
        request.POST or None,
        initial={
            "held_on": timezone.localdate(),
            "newest": services.newest_entry_id(mobility),
            "participants": [Participant.SUPERVISOR, Participant.STUDENT],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_contact(
                mobility, by=request.user, newest=form.cleaned_data["newest"], **form.facts()
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The contact is logged."))
            return redirect("contacts:log", public_id=mobility.public_id)
    return render(request, "contacts/entry_form.html", {"form": form, "mobility": mobility})


def check_in(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The student's check-in; posted from their home page, this page shows it again with
    what was typed when something is wrong."""
    mobility = access.contacts_mobility_for(request.user, public_id)
    access.require(access.can_check_in(request.user, mobility))
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in(mobility, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Thank you! Your check-in is saved."))
        return redirect(reverse("home") + "#check-in-title")
    box = panel.check_in_box(request.user, mobility, form if request.method == "POST" else None)
    return render(request, "contacts/check_in.html", {"check_in": box, "mobility": mobility})
