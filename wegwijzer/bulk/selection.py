"""Which rows a bulk action is for: the ticked ones, or all that match the list's filter.

Both lists that offer bulk actions (the students list and the coordinator's stays in
progress) post the same selection: `scope` ("ticked" or "all"), the ticked rows' public ids
as `selected`, and the list's filter as it is kept in the session (core.search) plus the
address's query string. Nothing the browser sends is trusted: the ticked ids are looked up
in the user's own visible rows (access.visible_students / visible_mobilities), and "all
matching" is the filter evaluated again, on the server, at the moment of the action.

A selection is worked on in the request, up to MAX_SELECTED rows; a larger one is refused
with a request to narrow the filter, so no request runs for minutes.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.accounts.views import HOME_SEARCH, MobilityFilterForm
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.search import remembered_search
from wegwijzer.mobilities.models import Mobility, MobilityQuerySet
from wegwijzer.students.forms import StudentSearchForm
from wegwijzer.students.models import Student, StudentQuerySet

MAX_SELECTED = 500
# Students or stays: the rows of a list.
Rows = QuerySet[Any]
TICKED, ALL = "ticked", "all"


@dataclass(frozen=True)
class Source:
    """A list that offers bulk actions: its rows as the user may see them, its filter, and
    the stays in progress its chosen rows stand for."""

    name: str
    title: Any
    list_url: str
    visible: Callable[[User], Rows]
    matching: Callable[[AuthenticatedHttpRequest], Rows]
    stays_of: Callable[[User, Rows], MobilityQuerySet]
    # Whether its rows are students (a student without a stay in progress is refused).
    of_students: bool


def _visible_students(user: User) -> StudentQuerySet:
    return access.visible_students(user).not_erased()


def _matching_students(request: AuthenticatedHttpRequest) -> QuerySet[Student]:
    search = StudentSearchForm(remembered_search(request, "student_search"))
    return search.filter(_visible_students(request.user))


def _stays_of_students(user: User, students: Rows) -> MobilityQuerySet:
    return access.visible_mobilities(user).in_progress().filter(student__in=students)


def _visible_stays(user: User) -> QuerySet[Mobility]:
    return access.visible_mobilities(user).in_progress()


def _matching_stays(request: AuthenticatedHttpRequest) -> QuerySet[Mobility]:
    """The coordinator's filters of the stays in progress (the home page's); a supervisor's
    list has no filter: all their stays in progress."""
    stays = access.visible_mobilities(request.user).in_progress()
    if request.user.role != Role.COORDINATOR:
        return stays
    filters = MobilityFilterForm(remembered_search(request, HOME_SEARCH), mobilities=stays)
    return filters.filtered(stays)


def _stays_themselves(user: User, stays: Rows) -> MobilityQuerySet:
    return access.visible_mobilities(user).in_progress().filter(pk__in=stays.values("pk"))


SOURCES = {
    "students": Source(
        "students", _("Students"), "students:list", _visible_students, _matching_students,
        _stays_of_students, True,
    ),
    "mobilities": Source(
        "mobilities", _("Mobilities in progress"), "home", _visible_stays, _matching_stays,
        _stays_themselves, False,
    ),
}  # fmt: skip


def ticked_ids(data: QueryDict) -> list[uuid.UUID]:
    """The ticked rows' public ids as posted; what is not an id is left out, and no more
    than one over the limit are read (enough to refuse)."""
    found = []
    for value in data.getlist("selected")[: MAX_SELECTED + 1]:
        try:
            found.append(uuid.UUID(value))
        except ValueError:
            continue
    return found


def chosen(
    request: AuthenticatedHttpRequest, source: Source, scope: str, ids: list[uuid.UUID]
) -> Rows:
    """The rows of the selection, through the access gates: all matching the filter now,
    or the ticked ones the user may see (any other id is ignored)."""
    if scope == ALL:
        return source.matching(request)
    return source.visible(request.user).filter(public_id__in=ids)
