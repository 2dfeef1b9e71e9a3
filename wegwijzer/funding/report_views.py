"""The Erasmus+ participant report: the coordinator records it for one stay, or imports a
list (a dry run first, then applied)."""

import json
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.funding import participant_report
from wegwijzer.funding.forms import ParticipantReportForm, ReportImportForm
from wegwijzer.funding.models import MobilityGrant


def record_report(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Tick that the stay's student filled in the participant report, on a day."""
    mobility = access.mobility_for(request.user, public_id)
    access.require(access.can_record_participant_report(request.user))
    grant = MobilityGrant.objects.filter(mobility=mobility).first()
    if grant is None:
        raise Http404
    form = ParticipantReportForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            participant_report.record(grant, by=request.user, on=form.cleaned_data["on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant report is recorded."))
            return redirect("mobilities:detail", public_id=mobility.public_id)
    context = {"mobility": mobility, "grant": grant, "form": form}
    return render(request, "funding/participant_report_form.html", context)


def import_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A list of students who filled in the report: matched and shown, then recorded."""
    access.require(access.can_record_participant_report(request.user))
    form = ReportImportForm(
        request.POST or None, request.FILES or None, initial={"on": timezone.localdate()}
    )
    rows: list[participant_report.Row] | None = None
    lines_text = ""
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            lines = (
                participant_report.identifiers(upload.read())
                if upload
                else [(int(n), str(i)) for n, i in json.loads(form.cleaned_data["lines"])]
            )
        except (ValidationError, ValueError, TypeError) as error:
            form.add_error(
                None, error if isinstance(error, ValidationError) else _("Choose a file.")
            )
        else:
            rows = participant_report.match(lines)
            if not upload and "apply" in request.POST:
                count = participant_report.apply(rows, by=request.user, on=form.cleaned_data["on"])
                messages.success(
                    request,
                    _("The participant report is recorded for %(count)s students.")
                    % {"count": count},
                )
                return redirect("funding:report-import")
            lines_text = json.dumps(lines)
    context = {
        "form": form,
        "rows": rows,
        "lines": lines_text,
        "matched": [row for row in rows or [] if row.grant],
        "on": form.cleaned_data.get("on") if form.is_bound and form.is_valid() else None,
    }
    return render(request, "funding/report_import.html", context)
