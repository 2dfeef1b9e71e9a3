"""The students list as a spreadsheet (CSV or XLSX), with the list's remembered filter.

The filter comes from the session, as for the list itself, so the address names nobody;
each file is in the audit trail with its filters (names as given only) and its length.
"""

from collections.abc import Callable

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.audit.exports import filters_of, record_export
from wegwijzer.core import spreadsheets
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.search import remembered_search
from wegwijzer.students.forms import StudentSearchForm
from wegwijzer.students.models import Student

# The session key of the list's search (students.views.student_list).
SEARCH = "student_search"
# Students read at a time: the export's memory, however long the list.
CHUNK = 1000
# Translated when the audit trail is shown.
LABEL = gettext_noop("Students list")


def columns() -> list[tuple[str, Callable[[Student], spreadsheets.Value]]]:
    """(heading in the active language, value of a student)."""
    return [
        (_("Student number"), lambda s: s.student_number),
        (_("First name"), lambda s: s.first_name),
        (_("Last name"), lambda s: s.last_name),
        (_("Date of birth"), lambda s: s.date_of_birth),
        (_("Programme"), lambda s: s.programme.name),
        (_("Crebo"), lambda s: s.programme.qualification_code),
        (_("Year"), lambda s: s.year),
        (_("Class"), lambda s: s.class_name),
        (_("Mentor"), lambda s: str(s.mentor or "")),
        (_("E-mail"), lambda s: s.email),
        (_("Phone"), lambda s: s.phone),
        (_("Interest in going abroad"), lambda s: str(s.get_abroad_interest_display())),
    ]


@require_GET
def student_export(
    request: AuthenticatedHttpRequest, kind: str
) -> StreamingHttpResponse | FileResponse:
    """The students of the list as it is filtered, every page, as CSV or XLSX."""
    access.require(access.can_manage_school(request.user))
    search = StudentSearchForm(remembered_search(request, SEARCH))
    students = search.filter(
        access.visible_students(request.user)
        .not_erased()
        .select_related("programme", "mentor")
        .order_by("last_name", "first_name", "pk")
    )
    record_export(
        by=request.user,
        label=LABEL,
        shown_as=kind.upper(),
        rows=students.count(),
        filters=filters_of(search, names=("q", "mentor")),
    )
    return spreadsheets.download(
        kind,
        *spreadsheets.table(columns(), students.iterator(chunk_size=CHUNK)),
        title=_("Students"),
        filename="students",
    )
