"""Which students a cohort page acts on.

The students of the students list as it is filtered now (the filter is kept in the session,
so no name travels in an address), or, when a form posts them, the students picked on the
list (`ids`: their public ids). Always within what the user may see.
"""

import uuid

from django.http import HttpRequest

from wegwijzer import access
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.core.search import remembered_search
from wegwijzer.students.forms import StudentSearchForm
from wegwijzer.students.models import StudentQuerySet

SEARCH_KEY = "student_search"


def chosen_students(request: AuthenticatedHttpRequest) -> StudentQuerySet:
    """The posted students when the form names them, else the students list's filter."""
    students = access.visible_students(request.user)
    ids = picked_ids(request)
    if ids is not None:
        return students.filter(public_id__in=ids)
    return student_filter(request).filter(students)


def picked_ids(request: HttpRequest) -> list[uuid.UUID] | None:
    """The public ids posted as `ids`; None when the post names none (the filter applies).
    What is not an id is left out."""
    if request.method != "POST" or "ids" not in request.POST:
        return None
    ids = []
    for value in request.POST.getlist("ids"):
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return ids


def student_filter(request: AuthenticatedHttpRequest) -> StudentSearchForm:
    return StudentSearchForm(remembered_search(request, SEARCH_KEY))


def filter_words(request: AuthenticatedHttpRequest) -> list[tuple[str, str]]:
    """The filter that chose the students, as (label, value), for the page to say."""
    if picked_ids(request) is not None:
        return []
    search = student_filter(request)
    if not search.is_valid():
        return []
    return [
        (str(search.fields[name].label), value.strip())
        for name, value in search.cleaned_data.items()
        if value.strip()
    ]
