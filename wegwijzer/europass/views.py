"""The Europass page of a stay, issuing and withdrawing, and the downloads."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.europass import pdf, services
from wegwijzer.europass.forms import DraftForm, IssueForm, WithdrawForm
from wegwijzer.europass.models import EuropassMobility


def europass_page(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The draft's form for those who edit it, else the Europass as it stands."""
    mobility = access.mobility_for(request.user, public_id)
    europass = services.current(mobility)
    can_edit = services.can_edit(request.user, mobility, europass)
    form = None
    if can_edit:
        initial = (
            {name: getattr(europass, name) for name in services.FIELDS}
            | {"version": europass.version}
            if europass
            else services.draft_values(mobility)
        )
        form = DraftForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_draft(
                    mobility,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    values=form.values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The Europass draft is saved."))
                return redirect("europass:page", public_id=mobility.public_id)
    elif request.method == "POST":
        access.require(False)
    context = {
        "mobility": mobility,
        "europass": europass,
        "form": form,
        "due": services.is_due(mobility),
        "can_issue": (
            europass is not None
            and not europass.is_issued
            and access.can_issue_europass(request.user)
        ),
        "can_withdraw": (
            europass is not None and europass.is_issued and access.can_issue_europass(request.user)
        ),
        "missing_settings": services.missing_settings(),
    }
    return render(request, "europass/europass.html", context)


def issue(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The coordinator's review: what will be issued, and that it is then fixed."""
    europass = access.europass_for(request.user, public_id)
    access.require(access.can_issue_europass(request.user))
    if europass.is_issued or europass.withdrawn_at:
        raise Http404
    form = IssueForm(request.POST or None, initial={"version": europass.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.issue(europass, by=request.user, version=form.cleaned_data["version"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The Europass Mobility is issued."))
            return redirect("europass:page", public_id=europass.mobility.public_id)
    context = {"europass": europass, "mobility": europass.mobility, "form": form}
    return render(request, "europass/issue.html", context)


def withdraw(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """An issued Europass withdrawn with a reason; a new draft takes its place."""
    europass = access.europass_for(request.user, public_id)
    access.require(access.can_issue_europass(request.user))
    if not europass.is_issued or europass.withdrawn_at:
        raise Http404
    form = WithdrawForm(request.POST or None, initial={"version": europass.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(
                europass,
                by=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The Europass is withdrawn; a new draft is ready."))
            return redirect("europass:page", public_id=europass.mobility.public_id)
    context = {"europass": europass, "mobility": europass.mobility, "form": form}
    return render(request, "europass/withdraw.html", context)


def _issued(request: AuthenticatedHttpRequest, public_id: UUID) -> EuropassMobility:
    europass = access.europass_for(request.user, public_id)
    if not europass.is_issued or europass.withdrawn_at:
        raise Http404
    return europass


def download_pdf(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    europass = _issued(request, public_id)
    response = HttpResponse(bytes(europass.pdf or b""), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(europass)}"'
    return response


def download_credential(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    europass = _issued(request, public_id)
    response = HttpResponse(europass.credential, content_type="application/ld+json")
    name = f"europass-mobility-{europass.public_id}.jsonld"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
