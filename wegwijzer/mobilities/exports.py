"""The coordinator's list of stays ("pipeline") and the checklist status of its stays, as
spreadsheets (CSV or XLSX), with the list's filter applied.

The coordinator's filter is the home page's, remembered in the session (the address names
nobody); a supervisor's list is their home's: their own stays, open, closed or all. Each
file is in the audit trail with its filters and its length.

The checklist status has one row per stay and one column per checklist template item of
the stays. The stays are read a chunk at a time; each chunk's items in one query, whose
status the database works out (attention's rules for "late"), pivoted into the chunk's
rows: a few queries per thousand stays, none per stay.
"""

import datetime
import itertools
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET

from wegwijzer import access
from wegwijzer.accounts.models import Role
from wegwijzer.accounts.views import (
    HOME_SEARCH,
    MobilityFilterForm,
    SupervisorListForm,
    supervisor_listed,
)
from wegwijzer.audit.exports import filters_of, record_export
from wegwijzer.audit.phrases import Phrase
from wegwijzer.core import spreadsheets
from wegwijzer.core.countries import country_name
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.search import remembered_search
from wegwijzer.mobilities import attention
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import TemplateItem

# Stays read at a time (with their items, for the checklist status): the export's memory.
CHUNK = 500
# Translated when the audit trail is shown.
PIPELINE_LABEL = gettext_noop("List of stays")
CHECKLIST_LABEL = gettext_noop("Checklist status per stay")

# An item's status in the checklist export, beyond ItemStatus: worked out in SQL.
LATE = "late"
NOT_APPLICABLE = "not_applicable"
STATUS_LABELS = {
    **dict(ItemStatus.choices),
    LATE: gettext_lazy("late"),
    NOT_APPLICABLE: gettext_lazy("not applicable"),
}


def listed_stays(request: AuthenticatedHttpRequest) -> tuple[QuerySet[Mobility], list[Phrase]]:
    """The stays of the user's home list as it is filtered, in its order, and the filters
    as the audit trail describes them. Only coordinators and supervisors have such a list."""
    user = request.user
    if user.role == Role.COORDINATOR:
        mobilities = access.visible_mobilities(user).in_progress()
        filters = MobilityFilterForm(remembered_search(request, HOME_SEARCH), mobilities=mobilities)
        listed = attention.most_urgent_first(filters.filtered(mobilities))
        return listed, filters_of(filters, names=("search", "supervisor"))
    access.require(access.can_export_stays(user))
    shown = SupervisorListForm(request.GET)
    return supervisor_listed(user, shown.shown()), filters_of(shown)


def pipeline_columns() -> list[tuple[str, Callable[[Mobility], spreadsheets.Value]]]:
    """(heading in the active language, value of a stay)."""
    return [
        (_("Student"), lambda m: m.student.full_name),
        (_("Student number"), lambda m: m.student.student_number),
        (_("Programme"), lambda m: m.student.programme.name),
        (_("Class"), lambda m: m.student.class_name),
        (_("Type"), lambda m: str(m.get_type_display())),
        (_("Destination country"), lambda m: country_name(m.destination_country)),
        (_("Destination city"), lambda m: m.destination_city),
        (_("Host company"), lambda m: getattr(m.host_company, "name", "")),
        (_("Supervisor"), lambda m: str(m.supervisor or "")),
        (_("Step"), lambda m: str(m.get_step_display())),
        (_("Departure"), lambda m: m.first_day),
        (_("Return"), lambda m: m.last_day),
        (_("First due"), lambda m: m.next_due_date),
        (_("Funding"), lambda m: str(m.get_funding_display())),
        (_("Outcome"), lambda m: str(m.get_outcome_display())),
    ]


@require_GET
def pipeline_export(
    request: AuthenticatedHttpRequest, kind: str
) -> StreamingHttpResponse | FileResponse:
    """The home page's list of stays as it is filtered, every page, as CSV or XLSX."""
    listed, filters = listed_stays(request)
    record_export(
        by=request.user,
        label=PIPELINE_LABEL,
        shown_as=kind.upper(),
        rows=listed.count(),
        filters=filters,
    )
    stays = listed.select_related("student__programme", "host_company", "supervisor")
    return spreadsheets.download(
        kind,
        *spreadsheets.table(pipeline_columns(), stays.iterator(chunk_size=CHUNK)),
        title=_("Stays"),
        filename="stays",
    )


# The checklist status per stay.


def item_status(today: datetime.date) -> Case:
    """An item's status for the export, in SQL: not applicable and the settled ones first,
    late as attention.overdue has it, else its own status."""
    return Case(
        When(applicable=False, then=Value(NOT_APPLICABLE)),
        When(~Q(status=ItemStatus.OPEN), then="status"),
        When(attention.overdue(today), then=Value(LATE)),
        default=Value(ItemStatus.OPEN),
        output_field=CharField(),
    )


def template_columns(stays: QuerySet[Mobility]) -> list[TemplateItem]:
    """The checklist template items the stays have items of, in the template's order."""
    used = ChecklistItem.objects.filter(mobility__in=stays.values("pk")).values("template_item")
    return list(
        TemplateItem.objects.filter(pk__in=used)
        .select_related("programme")
        .order_by("step", "position", "pk")
    )


def _heading(template: TemplateItem) -> str:
    """A programme's own item is named with its programme: two may share a title."""
    # The default checklist's titles are message ids (in the reader's language); a
    # programme's own titles are kept as typed.
    if template.programme is None:
        return _(template.title)
    return f"{template.title} ({template.programme.name})"


def status_rows(
    stays: Iterable[Mobility], templates: list[TemplateItem], today: datetime.date
) -> Iterator[list[spreadsheets.Value]]:
    """Each stay's row: who and where, then each template item's status (empty when the
    stay has no such item). One query for the items of each chunk of stays."""
    labels = {key: str(label) for key, label in STATUS_LABELS.items()}
    for chunk in itertools.batched(stays, CHUNK):
        found = (
            ChecklistItem.objects.filter(mobility__in=[stay.pk for stay in chunk])
            .annotate(export_status=item_status(today))
            .values_list("mobility_id", "template_item_id", "export_status")
            .order_by()
        )
        statuses: dict[tuple[int, int], str] = {
            (stay, template): labels[status] for stay, template, status in found
        }
        for stay in chunk:
            yield [
                stay.student.full_name,
                stay.student.student_number,
                stay.student.programme.name,
                str(stay.get_step_display()),
                stay.first_day,
                *(statuses.get((stay.pk, template.pk), "") for template in templates),
            ]


@require_GET
def checklist_export(
    request: AuthenticatedHttpRequest, kind: str
) -> StreamingHttpResponse | FileResponse:
    """The checklist status of every stay of the home page's list as it is filtered."""
    listed, filters = listed_stays(request)
    record_export(
        by=request.user,
        label=CHECKLIST_LABEL,
        shown_as=kind.upper(),
        rows=listed.count(),
        filters=filters,
    )
    templates = template_columns(listed)
    headings = [
        _("Student"),
        _("Student number"),
        _("Programme"),
        _("Step"),
        _("Departure"),
        *(_heading(template) for template in templates),
    ]
    stays = listed.select_related("student__programme").iterator(chunk_size=CHUNK)
    return spreadsheets.download(
        kind,
        headings,
        status_rows(stays, templates, timezone.localdate()),
        title=_("Checklist status"),
        filename="checklist-status",
    )
