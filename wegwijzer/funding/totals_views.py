"""A grant agreement's Erasmus+ totals, and its participant list as CSV and XLSX."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core import spreadsheets
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.funding import totals


@require_GET
def agreement_totals(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    agreement = access.grant_agreement_for(request.user, public_id)
    context = {"agreement": agreement, "totals": totals.totals_for(agreement)}
    return render(request, "funding/agreement_totals.html", context)


@require_GET
def participants_csv(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    agreement = access.grant_agreement_for(request.user, public_id)
    found = totals.totals_for(agreement)
    totals.record_export(found, by=request.user, shown_as="CSV")
    content = spreadsheets.as_csv(*totals.participant_table(found))
    return _download(content, "text/csv; charset=utf-8", totals.export_filename(agreement, "csv"))


@require_GET
def participants_xlsx(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    agreement = access.grant_agreement_for(request.user, public_id)
    found = totals.totals_for(agreement)
    totals.record_export(found, by=request.user, shown_as="XLSX")
    content = spreadsheets.as_xlsx(*totals.participant_table(found), title=_("Participants"))
    return _download(content, spreadsheets.XLSX, totals.export_filename(agreement, "xlsx"))


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
