"""The participant export in a column layout (funding.layouts), and the layouts' pages:
a coordinator keeps the Beneficiary Module's columns up to date as data."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.core import spreadsheets
from wegwijzer.core.forms import show_stored_version
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.funding import layouts, services, totals
from wegwijzer.funding.forms import LayoutForm
from wegwijzer.funding.models import ParticipantLayout


@require_GET
def participants_in_layout(
    request: AuthenticatedHttpRequest, public_id: str, slug: str, kind: str
) -> StreamingHttpResponse | FileResponse:
    """The agreement's participant list in the layout's columns, as CSV or XLSX."""
    agreement = access.grant_agreement_for(request.user, public_id)
    layout = access.participant_layout_for(request.user, slug)
    totals.record_export(agreement, by=request.user, shown_as=f"{kind.upper()}, {layout.name}")
    grants = totals.listed_grants(agreement).select_related("agreement", "mobility__host_company")
    filename = totals.export_filename(agreement, kind).rsplit(".", 1)[0]
    return spreadsheets.download(
        kind,
        *layouts.layout_table(layout, totals.participants_of(agreement, grants)),
        title=layout.name,
        filename=f"{filename}-{layout.slug}",
    )


@require_GET
def layout_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_erasmus_totals(request.user))
    context = {"layouts": ParticipantLayout.objects.order_by("name")}
    return render(request, "funding/layout_list.html", context)


def layout_edit(request: AuthenticatedHttpRequest, slug: str | None = None) -> HttpResponse:
    """A new layout, or a change to one."""
    access.require(access.can_see_erasmus_totals(request.user))
    layout = access.participant_layout_for(request.user, slug) if slug else ParticipantLayout()
    initial: dict[str, Any] = {
        "name": layout.name,
        "slug": layout.slug,
        "note": layout.note,
        "columns": layouts.columns_as_lines(layout.columns),
        "version": layout.version,
    }
    form = LayoutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_layout(
                layout,
                by=request.user,
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                note=form.cleaned_data["note"],
                columns=form.cleaned_data["columns"],
                version=form.cleaned_data["version"] if layout.pk else None,
            )
        except services.StaleLayoutError as error:
            form.add_error(None, error)
            show_stored_version(form, ParticipantLayout.objects.get(pk=layout.pk).version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The layout is saved."))
            return redirect("funding:layouts")
    sources = [(key, source.label) for key, source in layouts.SOURCES.items()]
    context = {"form": form, "layout": layout, "sources": sources}
    return render(request, "funding/layout_form.html", context)
