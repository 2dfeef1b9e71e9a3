from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core import spreadsheets
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.whereabouts import card, exports, queries, services
from wegwijzer.whereabouts.forms import Choice, WhereaboutsForm
from wegwijzer.whereabouts.queries import Whereabouts

XLSX = spreadsheets.XLSX


def _chosen(request: AuthenticatedHttpRequest) -> tuple[WhereaboutsForm, Choice, list[Whereabouts]]:
    """The filters as asked and the rows they give, from the mobilities the user may see."""
    access.require(access.can_see_whereabouts(request.user))
    mobilities = access.visible_mobilities(request.user)
    form = WhereaboutsForm(request.GET or None, countries=queries.destination_countries(mobilities))
    choice = form.choice(timezone.localdate())
    rows = queries.whereabouts(mobilities, choice.day, country=choice.country, colour=choice.colour)
    return form, choice, rows


@require_GET
def whereabouts_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, choice, rows = _chosen(request)
    services.record_list_view(by=request.user, choice=choice, shown_as="page", rows=len(rows))
    context = {
        "form": form,
        "choice": choice,
        "groups": queries.by_country_and_city(rows),
        "abroad": sum(row.presence == queries.ABROAD for row in rows),
        "departing": sum(row.presence == queries.DEPARTING for row in rows),
        "query": urlencode(choice.as_query()),
    }
    response = render(request, "whereabouts/whereabouts_list.html", context)
    add_never_cache_headers(response)
    return response


@require_GET
def whereabouts_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    _form, choice, rows = _chosen(request)
    services.record_list_view(by=request.user, choice=choice, shown_as="CSV", rows=len(rows))
    return _download(exports.as_csv(rows), "text/csv; charset=utf-8", choice, "csv")


@require_GET
def whereabouts_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    _form, choice, rows = _chosen(request)
    services.record_list_view(by=request.user, choice=choice, shown_as="XLSX", rows=len(rows))
    content = exports.as_xlsx(rows, title=_("Who is where"))
    return _download(content, XLSX, choice, "xlsx")


def _download(content: bytes, content_type: str, choice: Choice, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"whereabouts-{choice.day.isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@require_GET
def emergency_card(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The mobility's emergency card as a PDF; each download is in the audit trail."""
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_download_emergency_card(request.user, mobility))
    pdf = card.render_card(mobility)
    services.record_card_download(mobility, by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{card.card_filename(mobility)}"'
    add_never_cache_headers(response)
    return response
