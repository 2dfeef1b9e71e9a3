"""The host companies list as a spreadsheet (CSV or XLSX), with the list's filter.

The filter is in the address, as for the list (a company's name or city, no person's).
The file holds each company's contact person, so each file is in the audit trail with its
filters and its length.
"""

from collections.abc import Callable

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.audit.exports import filters_of, record_export
from wegwijzer.core import spreadsheets
from wegwijzer.core.countries import country_name
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.hosts.forms import HostSearchForm
from wegwijzer.hosts.models import HostCompany
from wegwijzer.hosts.views import with_figures

# Host companies read at a time: the export's memory, however many there are.
CHUNK = 1000
# Translated when the audit trail is shown.
LABEL = gettext_noop("Host companies list")


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def columns() -> list[tuple[str, Callable[[HostCompany], spreadsheets.Value]]]:
    """(heading in the active language, value of a host company with its annotations)."""
    return [
        (_("Name"), lambda h: h.name),
        (_("City"), lambda h: h.city),
        (_("Country"), lambda h: country_name(h.country)),
        (_("Sector"), lambda h: h.sector),
        (_("Contact person"), lambda h: h.contact_name),
        (_("Contact e-mail"), lambda h: h.contact_email),
        (_("Contact phone"), lambda h: h.contact_phone),
        (_("Recognised"), lambda h: _yes_no(h.recognised)),
        (_("Welcomes more students"), lambda h: _yes_no(h.welcomes_students)),
        (_("Mobilities"), lambda h: h.mobility_count),
    ]


@require_GET
def host_export(
    request: AuthenticatedHttpRequest, kind: str
) -> StreamingHttpResponse | FileResponse:
    """The host companies of the list as it is filtered, every page, as CSV or XLSX."""
    access.require(access.can_see_hosts(request.user))
    search = HostSearchForm(request.GET or None)
    hosts = search.filter(HostCompany.objects.order_by("name", "pk"))
    record_export(
        by=request.user,
        label=LABEL,
        shown_as=kind.upper(),
        rows=hosts.count(),
        filters=filters_of(search),
    )
    annotated = with_figures(hosts)
    return spreadsheets.download(
        kind,
        *spreadsheets.table(columns(), annotated.iterator(chunk_size=CHUNK)),
        title=_("Host companies"),
        filename="host-companies",
    )
