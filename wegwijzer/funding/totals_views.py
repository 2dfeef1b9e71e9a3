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
from wegwijzer.core.pagination import page_of
from wegwijzer.funding import totals

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
    page = page_of(request, found.participant_grants(broken_off_only=broken_off_only))
    context = {
        "agreement": agreement,
        "totals": found,
        "page": page,
        "participants": found.participants_of(page),
        "broken_off_only": broken_off_only,
        "broken_off": BROKEN_OFF,
        "all_programmes": request.GET.get("programmes") == "all",
        "programme_lines": f":{PROGRAMME_LINES}",
    }
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
