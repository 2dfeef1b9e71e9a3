"""One way to cut a list into pages, for every list in Wegwijzer.

A view hands its ordered queryset to `page_of`; the template wraps the list in an element
with an id and includes ``core/_pagination.html`` with ``list_id`` set to that id. The
page links are plain links (the filters stay in the address, names never do: see
`core.search`), and htmx swaps just that element when it is there, so the next page comes
without a full reload and works without JavaScript. The count is one SQL ``COUNT``; the
rows are one ``LIMIT``/``OFFSET`` query, so a page costs the same however long the list.

A list that grows with the years (every student a school group ever had) counts up to a
bound (`count_up_to`): past it the page says "more than" that many, and the pages go as
far as the bound; a filter narrows the list to what can be counted. The count then reads
at most that many index entries, however large the list.

A page with several lists (a roll call's groups) gives each its own ``param``, so paging
one leaves the others where they are. A page that has already counted its list (a total
beside it) hands that number as ``count``: the list is then not counted again.
"""

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


class ListPage(Page[Any]):
    """A page that knows the name of its number in the address."""

    param = "page"

    @property
    def previous_query(self) -> dict[str, int]:
        return {self.param: self.previous_page_number()}

    @property
    def next_query(self) -> dict[str, int]:
        return {self.param: self.next_page_number()}


class ListPaginator(Paginator[Any]):
    def __init__(
        self, rows: Any, per_page: int, param: str, count: int | None = None, *, more: bool = False
    ) -> None:
        super().__init__(rows, per_page)
        self.param = param
        # The list holds more rows than `count`, which is the bound it was counted up to.
        self.more = more
        if count is not None:
            # Paginator.count is a cached property: the number known takes its place.
            self.__dict__["count"] = count

    def _get_page(self, *args: Any, **kwargs: Any) -> ListPage:
        page = ListPage(*args, **kwargs)
        page.param = self.param
        return page


def page_of(
    request: HttpRequest,
    rows: Any,
    per_page: int = PAGE_SIZE,
    param: str = "page",
    *,
    count: int | None = None,
    count_up_to: int | None = None,
) -> ListPage:
    """The page of rows the address asks for (under param); the last one for a number past
    the end and the first one for anything that is not a number. `count`, when the caller
    knows how many rows there are, spares the query that counts them; `count_up_to` counts
    at most that many (the paginator's `more` then says whether there are more)."""
    more = False
    if count is None and count_up_to is not None:
        count, more = counted_up_to(rows, count_up_to)
    paginator = ListPaginator(rows, per_page, param, count, more=more)
    return cast(ListPage, paginator.get_page(request.GET.get(param)))


def counted_up_to(rows: Any, bound: int) -> tuple[int, bool]:
    """How many rows there are, counted up to `bound` (the database reads at most one more),
    and whether there are more than that."""
    counted = rows.order_by().values("pk")[: bound + 1].count()
    return min(counted, bound), counted > bound
