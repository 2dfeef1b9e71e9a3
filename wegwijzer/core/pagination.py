"""One way to cut a list into pages, for every list in Wegwijzer.

A view hands its ordered queryset to `page_of`; the template wraps the list in an element
with an id and includes ``core/_pagination.html`` with ``list_id`` set to that id. The
page links are plain links (the filters stay in the address, names never do: see
`core.search`), and htmx swaps just that element when it is there, so the next page comes
without a full reload and works without JavaScript.
"""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def page_of(request: HttpRequest, rows: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page of rows the address asks for; the last one for a number past the end and
    the first one for anything that is not a number."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
