from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.funding import policy, services, totals
from wegwijzer.funding.forms import (
    DayRateFormSet,
    FundingTableForm,
    GrantAgreementForm,
    MobilityGrantForm,
    TravelBandFormSet,
)
from wegwijzer.funding.models import FundingTable, GrantAgreement, MobilityGrant


def mobility_grant(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Set a mobility's Erasmus+ grant: its agreement and facts, and a total set by hand."""
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_manage_school(request.user))
    grant = MobilityGrant.objects.filter(mobility=mobility).first()
    initial = (
        {
            "agreement": grant.agreement,
            "green_travel": grant.green_travel,
            "fewer_opportunities": grant.fewer_opportunities,
            "override_total": grant.override_total,
            "override_reason": grant.override_reason,
        }
        if grant
        else {}
    )
    form = MobilityGrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_grant(
                mobility,
                by=request.user,
                agreement=form.cleaned_data["agreement"],
                green_travel=form.cleaned_data["green_travel"],
                fewer_opportunities=form.cleaned_data["fewer_opportunities"],
                total=form.cleaned_data["override_total"],
                reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The Erasmus+ grant is saved."))
            return redirect("mobilities:detail", public_id=mobility.public_id)
    return render(request, "funding/mobility_grant_form.html", {"form": form, "mobility": mobility})


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The funding tables per call year, the grant agreements with their totals, and the
    school's grant policy."""
    access.require(access.can_manage_school(request.user))
    tables = FundingTable.objects.prefetch_related("day_rates", "travel_bands")
    agreements = list(GrantAgreement.objects.all())
    return render(
        request,
        "funding/overview.html",
        {
            "tables": tables,
            "agreements": agreements,
            "agreement_totals": totals.totals_of(agreements),
            "policy": policy.current_policy(),
        },
    )


def agreement_edit(
    request: AuthenticatedHttpRequest, public_id: UUID | None = None
) -> HttpResponse:
    """A new grant agreement, or a change to one."""
    access.require(access.can_manage_school(request.user))
    agreement = (
        get_object_or_404(GrantAgreement, public_id=public_id) if public_id else GrantAgreement()
    )
    form = GrantAgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        fields = form.changed_data if agreement.pk else form.Meta.fields
        services.save_agreement(
            agreement, by=request.user, changes={name: form.cleaned_data[name] for name in fields}
        )
        messages.success(request, _("The grant agreement is saved."))
        return redirect("funding:overview")
    return render(request, "funding/agreement_form.html", {"form": form, "agreement": agreement})


def table_edit(request: AuthenticatedHttpRequest, call_year: int | None = None) -> HttpResponse:
    """A new funding table, or a change to one, with its day rates and travel bands."""
    access.require(access.can_manage_school(request.user))
    table = get_object_or_404(FundingTable, call_year=call_year) if call_year else FundingTable()
    data = request.POST or None
    table_form = FundingTableForm(data, instance=table)
    rates = DayRateFormSet(data, instance=table, prefix="rates")
    bands = TravelBandFormSet(data, instance=table, prefix="bands")
    if request.method == "POST" and all(f.is_valid() for f in (table_form, rates, bands)):
        services.save_table(
            by=request.user, table_form=table_form, rate_formset=rates, band_formset=bands
        )
        messages.success(request, _("The funding table is saved."))
        return redirect("funding:overview")
    context = {"form": table_form, "rates": rates, "bands": bands, "table": table}
    return render(request, "funding/table_form.html", context)
