"""A grant agreement's Erasmus+ totals, and its participant list as CSV and XLSX."""

from uuid import UUID

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
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
def participants_csv(request: AuthenticatedHttpRequest, public_id: UUID) -> StreamingHttpResponse:
    agreement = access.grant_agreement_for(request.user, public_id)
    totals.record_export(agreement, by=request.user, shown_as="CSV")
    return spreadsheets.csv_download(
        *totals.participant_table(totals.participants_of(agreement)),
        filename=totals.export_filename(agreement, "csv"),
    )


@require_GET
def participants_xlsx(request: AuthenticatedHttpRequest, public_id: UUID) -> FileResponse:
    agreement = access.grant_agreement_for(request.user, public_id)
    totals.record_export(agreement, by=request.user, shown_as="XLSX")
    return spreadsheets.xlsx_download(
        *totals.participant_table(totals.participants_of(agreement)),
        title=_("Participants"),
        filename=totals.export_filename(agreement, "xlsx"),
    )
