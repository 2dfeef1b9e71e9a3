"""Export the selection: the chosen rows of a list as CSV or XLSX, with the columns of the
list's own export (students.exports, mobilities.exports) and audited as those are.

Unlike the other bulk actions it changes nothing, so it has no preview: the file is the
answer. It is offered to whoever may export the list the rows come from.
"""

from collections.abc import Callable
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.audit.exports import record_export
from wegwijzer.audit.phrases import Phrase
from wegwijzer.bulk import selection
from wegwijzer.core import spreadsheets
from wegwijzer.mobilities import exports as stay_exports
from wegwijzer.students import exports as student_exports

CSV, XLSX = "export-csv", "export-xlsx"
KINDS = {CSV: "csv", XLSX: "xlsx"}
CHOICES = [
    (CSV, gettext_lazy("Export the selection (CSV)")),
    (XLSX, gettext_lazy("Export the selection (Excel)")),
]
LABELS = {
    "students": gettext_noop("Students list: a selection"),
    "mobilities": gettext_noop("List of stays: a selection"),
}


def offered_to(user: User, source: selection.Source) -> bool:
    """The students list's export is the coordinators'; the stays' theirs and supervisors'."""
    if source.of_students:
        return access.can_manage_school(user)
    return access.can_export_stays(user)


def download(
    user: User, source: selection.Source, chosen: selection.Rows, choice: str, scope: str
) -> StreamingHttpResponse | FileResponse:
    kind = KINDS[choice]
    columns: list[tuple[str, Callable[[Any], spreadsheets.Value]]]
    if source.of_students:
        rows = chosen.select_related("programme", "mentor").order_by(
            "last_name", "first_name", "pk"
        )
        columns, title, filename = student_exports.columns(), _("Students"), "students"
    else:
        rows = chosen.select_related("student__programme", "host_company", "supervisor").order_by(
            "student__last_name", "student__first_name", "pk"
        )
        columns, title, filename = stay_exports.pipeline_columns(), _("Stays"), "stays"
    how = (
        gettext_noop("all rows matching the filter")
        if scope == selection.ALL
        else gettext_noop("the ticked rows")
    )
    record_export(
        by=user, label=LABELS[source.name], shown_as=kind.upper(), rows=rows.count(),
        filters=[Phrase(how)],
    )  # fmt: skip
    return spreadsheets.download(
        kind,
        *spreadsheets.table(columns, rows.iterator(chunk_size=500)),
        title=title,
        filename=filename,
    )
