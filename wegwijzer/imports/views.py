from pathlib import Path
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.imports import services
from wegwijzer.imports.forms import ApplyForm, ColumnsForm, UploadForm
from wegwijzer.imports.kinds import KINDS, PlannedRow
from wegwijzer.imports.models import ImportKind, ImportRun
from wegwijzer.imports.reading import UnreadableFile, as_text

# The dry run shows the first of the rows to be created or updated (with their count) and
# every refused row up to a bound: a file of 10,000 rows stays one page.
SHOWN_ROWS = 50
SHOWN_REFUSED = 500
# A class link per class on the result page, up to this many.
SHOWN_CLASSES = 20

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
# Example exports of the three systems, downloadable from the import page.
SAMPLES = {
    "eduarte-studenten.csv": "text/csv",
    "magister-leerlingen.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "osiris-studenten.csv": "text/csv",
}


def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_school(request.user))
    form = UploadForm(request.POST or None, request.FILES or None, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = services.start_import(
                by=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                mapping=form.cleaned_data["mapping"],
            )
        except UnreadableFile:
            form.add_error("file", _("This file cannot be read as a CSV or XLSX table."))
        else:
            return redirect("imports:run", public_id=run.public_id)
    context = {"form": form, "samples": list(SAMPLES)}
    return render(request, "imports/import_start.html", context)


def import_run(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """The dry run of an uploaded file with its columns, or the result once applied."""
    run = access.import_run_for(request.user, public_id)
    if run.applied_at is not None:
        return _result(request, run)
    table = services.table_of(run)
    form = ColumnsForm(request.POST or None, run=run, headings=table.headings)
    if request.method == "POST" and form.is_valid():
        try:
            services.choose_columns(run, columns=form.chosen())
        except services.ImportRefused as refused:
            messages.error(request, refused.message)
            return redirect("imports:run", public_id=run.public_id)
        if name := form.cleaned_data["mapping_name"].strip():
            services.save_mapping(run, by=request.user, name=name)
            messages.success(request, _("The columns were saved as %(name)s.") % {"name": name})
        return redirect("imports:run", public_id=run.public_id)
    plan = services.plan_of(run)
    first_row = table.rows[0][1] if table.rows else []
    examples = {f"column_{position}": as_text(cell) for position, cell in enumerate(first_row)}
    context = {
        "run": run,
        "kind": ImportKind(run.kind).label,
        "form": form,
        "columns": [(field, examples.get(field.name, "")) for field in form.column_fields()],
        "counts": plan.counts(),
        "created": _shown(run, plan.created[:SHOWN_ROWS]),
        "updated": _shown(run, plan.updated[:SHOWN_ROWS]),
        "refused": plan.refused[:SHOWN_REFUSED],
        "shown_rows": SHOWN_ROWS,
        "shown_refused": SHOWN_REFUSED,
        "apply_form": ApplyForm(initial={"plan": services.digest(plan)}),
    }
    return render(request, "imports/import_run.html", context)


def _shown(run: ImportRun, rows: list[PlannedRow]) -> list[dict[str, Any]]:
    """The rows with their changes named in the reader's language."""
    labels = KINDS[run.kind].field_labels()
    return [
        {
            "row": row,
            "changes": [
                (labels[name], before, after) for name, (before, after) in row.changes.items()
            ],
        }
        for row in rows
    ]


def _result(request: AuthenticatedHttpRequest, run: ImportRun) -> HttpResponse:
    context = {
        "run": run,
        "kind": ImportKind(run.kind).label,
        "classes": run.classes[:SHOWN_CLASSES],
    }
    return render(request, "imports/import_result.html", context)


@require_POST
def import_apply(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    run = access.import_run_for(request.user, public_id)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        return redirect("imports:run", public_id=run.public_id)
    try:
        counts = services.apply_import(run, by=request.user, plan_digest=form.cleaned_data["plan"])
    except services.ImportRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("The import is done: %(created)s created, %(updated)s updated.") % counts,
        )
    return redirect("imports:run", public_id=run.public_id)


def sample(request: AuthenticatedHttpRequest, name: str) -> FileResponse:
    access.require(access.can_manage_school(request.user))
    if name not in SAMPLES:
        raise Http404
    return FileResponse(
        (SAMPLES_DIR / name).open("rb"),
        as_attachment=True,
        filename=name,
        content_type=SAMPLES[name],
    )
