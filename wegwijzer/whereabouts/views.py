from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlencode
from uuid import UUID

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.pagination import page_of
from wegwijzer.mobilities.models import MobilityQuerySet
from wegwijzer.whereabouts import card, exports, queries, services
from wegwijzer.whereabouts.forms import Choice, WhereaboutsForm
from wegwijzer.whereabouts.queries import Whereabouts

# Students of one country per page.
PAGE_SIZE = 50
# Rows an export reads at a time (with their people at home): its memory, whatever the day.
EXPORT_CHUNK = 500


def _chosen(request: AuthenticatedHttpRequest) -> tuple[WhereaboutsForm, Choice, MobilityQuerySet]:
    """The filters as asked, and the mobilities the user may see."""
    access.require(access.can_see_whereabouts(request.user))
    mobilities = access.visible_mobilities(request.user)
    form = WhereaboutsForm(request.GET or None)
    return form, form.choice(timezone.localdate()), mobilities


@require_GET
def whereabouts_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The countries of the day with how many are there; with a country chosen, its
    students, a page at a time."""
    form, choice, mobilities = _chosen(request)
    countries = queries.countries_on(
        mobilities, choice.day, country=choice.country, colour=choice.colour
    )
    listed = sum(country.count for country in countries)
    services.record_list_view(by=request.user, choice=choice, shown_as="page", rows=listed)
    context = {
        "form": form,
        "choice": choice,
        "countries": countries,
        "abroad": sum(country.abroad for country in countries),
        "departing": sum(country.departing for country in countries),
        "query": urlencode(choice.as_query()),
        "all_countries_query": urlencode(replace(choice, country="").as_query()),
    }
    if choice.country and countries:
        # The country's count is the list's length: the page does not count it again.
        page = page_of(
            request,
            queries.in_country(mobilities, choice.day, choice.country),
            PAGE_SIZE,
            count=countries[0].count,
        )
        facts = {choice.country: countries[0].facts}
        rows = queries.rows_of(page.object_list, facts, chunk_size=PAGE_SIZE)
        context |= {"country": countries[0], "page": page, "cities": queries.by_city(rows)}
    response = render(request, "whereabouts/whereabouts_list.html", context)
    add_never_cache_headers(response)
    return response


def _everyone(
    request: AuthenticatedHttpRequest, shown_as: str
) -> tuple[Choice, Iterator[Whereabouts]]:
    """Everyone within the filters, by country, as rows read a chunk at a time; the export
    is in the audit trail with how many students it holds."""
    _form, choice, mobilities = _chosen(request)
    countries = queries.countries_on(
        mobilities, choice.day, country=choice.country, colour=choice.colour
    )
    listed = sum(country.count for country in countries)
    services.record_list_view(by=request.user, choice=choice, shown_as=shown_as, rows=listed)
    found = queries.in_countries(mobilities, choice.day, countries)
    facts = {country.code: country.facts for country in countries}
    read = found.iterator(chunk_size=EXPORT_CHUNK)
    return choice, queries.rows_of(read, facts, chunk_size=EXPORT_CHUNK)


@require_GET
def whereabouts_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    choice, rows = _everyone(request, "CSV")
    return exports.csv_download(rows, filename=_filename(choice, "csv"))


@require_GET
def whereabouts_xlsx(request: AuthenticatedHttpRequest) -> FileResponse:
    choice, rows = _everyone(request, "XLSX")
    return exports.xlsx_download(rows, title=_("Who is where"), filename=_filename(choice, "xlsx"))


def _filename(choice: Choice, extension: str) -> str:
    return f"whereabouts-{choice.day.isoformat()}.{extension}"


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
