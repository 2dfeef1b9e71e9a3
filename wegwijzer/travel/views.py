from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.travel import services
from wegwijzer.travel.forms import CountryFilterForm, ManualColourForm
from wegwijzer.travel.models import Country

COUNTRIES_PER_PAGE = 50
# A country's stays in progress and its colour's changes, a page of each.
ROWS_PER_PAGE = 25


def country_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_travel_advice(request.user))
    # Only the stays this viewer may see: the list must not tell a mentor or a student
    # where other people's stays go.
    mine = access.visible_mobilities(request.user).in_progress().order_by()
    codes = mine.values_list("destination_country", flat=True).distinct()
    in_progress = {str(code) for code in codes}
    # The countries are a bounded list (some 200): filtered and sorted by name here.
    every_country = list(Country.objects.all())
    filters = CountryFilterForm(request.GET or None)
    countries = filters.filter(every_country, in_progress)
    imported = [country.imported_at for country in every_country if country.imported_at]
    context = {
        "filters": filters,
        # A daily import that keeps failing shows here: the last one that got through.
        "last_import": max(imported, default=None),
        "page": page_of(
            request,
            sorted(countries, key=lambda country: str(country.code.name)),
            COUNTRIES_PER_PAGE,
        ),
        "in_progress": in_progress,
        "threshold": services.threshold(),
    }
    return render(request, "travel/country_list.html", context)


def country_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    country = access.country_for(request.user, code)
    return _render_country(request, country, ManualColourForm())


@require_POST
def country_set_colour(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    country = access.country_for(request.user, code)
    access.require(access.can_set_travel_colour(request.user))
    form = ManualColourForm(request.POST)
    if form.is_valid():
        try:
            services.set_manual_colour(
                country, by=request.user, colour=form.cleaned_data["colour"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The colour was set by hand."))
            return redirect("travel:country", code=str(country.code))
    return _render_country(request, country, form)


def _render_country(
    request: AuthenticatedHttpRequest, country: Country, form: ManualColourForm
) -> HttpResponse:
    mobilities = (
        access.visible_mobilities(request.user)
        .in_progress()
        .filter(destination_country=country.code)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "pk")
    )
    context = {
        "country": country,
        "changes": page_of(
            request, country.changes.select_related("by"), ROWS_PER_PAGE, param="changes"
        ),
        "mobilities": page_of(request, mobilities, ROWS_PER_PAGE, param="stays"),
        "form": form if access.can_set_travel_colour(request.user) else None,
        "threshold": services.threshold(),
    }
    return render(request, "travel/country_detail.html", context)


@require_POST
def alert_acknowledge(request: AuthenticatedHttpRequest, public_id: str) -> HttpResponse:
    recipient = access.travel_alert_for(request.user, public_id)
    services.acknowledge(recipient, by=request.user)
    messages.success(
        request, _("Alert about %(country)s acknowledged.") % {"country": recipient.alert.country}
    )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("home")
