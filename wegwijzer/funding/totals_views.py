"""A grant agreement's Erasmus+ totals, and its participant list as CSV and XLSX."""

from uuid import UUID

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core import spreadsheets
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.funding import totals
from wegwijzer.funding.models import ParticipantLayout

# ?shown=broken-off: the participant list holds only the stays broken off abroad.
BROKEN_OFF = "broken-off"
# A school group has hundreds of programmes: the first this many lines of the breakdown by
# programme are shown, all of them with ?programmes=all.
PROGRAMME_LINES = 25


@require_GET
def agreement_totals(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The agreement's figures (added up by the database) and one page of its participants."""
    agreement = access.grant_agreement_for(request.user, public_id)
    found = totals.totals_for(agreement)
    broken_off_only = request.GET.get("shown") == BROKEN_OFF
    # The totals have counted the list's participants: the paginator does not count again.
    listed = found.broken_off.participants if broken_off_only else found.counted
    page = page_of(request, found.participant_grants(broken_off_only=broken_off_only), count=listed)
    if request.GET.get("programmes") == "all":
        programme_lines = found.by_programme
        programme_line_count = len(programme_lines)
    else:
        programme_lines, programme_line_count = found.first_programme_lines(PROGRAMME_LINES)
    context = {
        "agreement": agreement,
        "totals": found,
        "page": page,
        "participants": found.participants_of(page),
        "broken_off_only": broken_off_only,
        "broken_off": BROKEN_OFF,
        "programme_lines": programme_lines,
        "programme_line_count": programme_line_count,
        "layouts": ParticipantLayout.objects.order_by("name"),
    }
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
