"""What asks for whose attention: the rules every home page, list and the mobility page's
red marks follow, in one place.

For a stay in step N:
- *to do now*: applicable, open, required items of step N and of earlier steps still open;
- *overdue* (red): to do now, and due before today;
- *suggestions*: optional open items of those steps, never red;
- *coming up*: open items of later steps, never work yet and never red;
- *waiting for the school's check*: items someone marked done that a checker must accept.

An item is *mine* when the viewer's own role is one of its owners: the coordinator's items
are those of the coordinator, although a coordinator may tick off anyone's
(access.ACTS_FOR says who *may* change an item; this module says whose work it is).
ChecklistItem.is_to_do_now and is_overdue are the same rules for one item, in Python.

Owners are a JSON list. SQLite cannot search inside one, and `owners__contains` works
only on PostgreSQL, so an owner is matched on the list's text: `"student"` with its
quotes, which no other owner's name contains.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility
from wegwijzer.programmes.models import Owner

# Soonest due first; within a day, in the checklist's order.
SOONEST_FIRST = ("due_date", "step", "position", "pk")

# Overdue first, then by what is due soonest; stays with nothing open come last. A stay
# is overdue when its next_due_date is before today, so the soonest due date first puts
# the overdue ones first: one stored column, in the index mobility_urgent_in_progress.
MOST_URGENT_FIRST = (
    F("next_due_date").asc(nulls_last=True),
    "departure_date",
    "pk",
)


def owned_by(owner: str) -> Q:
    return Q(owners__icontains=f'"{owner}"')


# The stay's current step and those before it are "now"; later steps are "coming up".
NOW = Q(step__lte=F("mobility__step"))
LATER = Q(step__gt=F("mobility__step"))
OPEN = Q(applicable=True, status=ItemStatus.OPEN)


def to_do_now() -> Q:
    return OPEN & NOW & Q(required=True)


def overdue(today: datetime.date) -> Q:
    return to_do_now() & Q(due_date__lt=today)


def suggestions() -> Q:
    return OPEN & NOW & Q(required=False)


def coming_up() -> Q:
    return OPEN & LATER


def waiting_for_check() -> Q:
    return Q(applicable=True, status=ItemStatus.TO_CHECK)


def stay_overdue(today: datetime.date) -> Q:
    """A stay with work now due before today (overdue(), for the stay as a whole)."""
    return Q(next_due_date__lt=today)


def refresh(mobilities: QuerySet[Mobility], items: QuerySet[Any] | None = None) -> int:
    """Store each stay's next_due_date, the soonest due date of its items to do now, in
    one UPDATE. The models call it on every write of items or step; a data migration and
    the benchmark generator call it for stays written around the models (a migration
    passes its historical items as `items`)."""
    every_item = ChecklistItem.objects.all() if items is None else items
    soonest = (
        every_item.filter(to_do_now(), mobility=OuterRef("pk"))
        .order_by()
        .values("mobility")
        .annotate(soonest=Min("due_date"))
        .values("soonest")
    )
    return mobilities.update(next_due_date=Subquery(soonest, output_field=DateField()))


# Lists of stays: what each waits for, and for whom


def _first(items: QuerySet[ChecklistItem], field: str) -> Subquery:
    return Subquery(items.order_by(*SOONEST_FIRST).values(field)[:1])


def count_per_stay(items: QuerySet[ChecklistItem]) -> Subquery:
    """How many of `items` (filtered on mobility=OuterRef("pk")) are the stay's; None for none."""
    counted = items.order_by().values("mobility").annotate(total=Count("pk")).values("total")
    return Subquery(counted, output_field=IntegerField())


def with_attention(
    mobilities: QuerySet[Mobility],
    owner: str,
    today: datetime.date,
    to_check: QuerySet[ChecklistItem] | None = None,
) -> QuerySet[Mobility]:
    """Annotate each stay with what it waits for now: the first item for `owner` (mine_title,
    mine_due, mine_count, mine_overdue) and the first for anyone else (others_title,
    others_due, others_owners, others_count, others_overdue), plus is_overdue and
    next_due_date for sorting, and how many of the items `to_check` (the viewer's queue,
    access.items_to_check) are the stay's: to_check_count. Subqueries, so a whole list
    still costs one query; ask it for one page of stays (annotate_page), not for all.
    is_overdue reads the stored next_due_date (refresh)."""
    now = ChecklistItem.objects.filter(to_do_now(), mobility=OuterRef("pk"))
    mine = now.filter(owned_by(owner))
    others = now.exclude(owned_by(owner))
    checks = to_check if to_check is not None else ChecklistItem.objects.filter(pk__isnull=True)
    return mobilities.annotate(
        to_check_count=Coalesce(count_per_stay(checks.filter(mobility=OuterRef("pk"))), 0),
        mine_title=_first(mine, "title"),
        mine_due=_first(mine, "due_date"),
        mine_count=Coalesce(count_per_stay(mine), 0),
        others_title=_first(others, "title"),
        others_due=_first(others, "due_date"),
        others_owners=_first(others, "owners"),
        others_count=Coalesce(count_per_stay(others), 0),
    ).annotate(
        mine_overdue=_before("mine_due", today),
        others_overdue=_before("others_due", today),
        is_overdue=_when(stay_overdue(today)),
    )


def _before(field: str, today: datetime.date) -> Case:
    return _when(Q(**{f"{field}__lt": today}))


def _when(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def most_urgent_first(mobilities: QuerySet[Mobility]) -> QuerySet[Mobility]:
    """The stays, overdue first (MOST_URGENT_FIRST): an index gives the first page."""
    return mobilities.order_by(*MOST_URGENT_FIRST)


def page_with_attention(
    page: Page[Any],
    owner: str,
    today: datetime.date,
    to_check: QuerySet[ChecklistItem] | None = None,
) -> Page[Any]:
    """A page of stays (of their pks, or the stays) with what with_attention annotates, and
    their students, in the page's order. Three plain queries for the page's stays only: the
    stays, their items to do now (soonest first, as _first orders them) and how many of
    `to_check` are theirs; the same rules as with_attention, told apart in Python, where
    eight subqueries per stay cost more to build than the page's few items to read."""
    pks = [getattr(row, "pk", row) for row in page.object_list]
    stays = Mobility.objects.filter(pk__in=pks).select_related("student").in_bulk()
    now: dict[int, list[_ItemNow]] = {pk: [] for pk in pks}
    # The stays named by public_id as well: NOW joins each item to its stay, and a filter on
    # the stays' own table lets the planner read the page's 20 stays there, where given the
    # items' mobility_id alone it hashed every stay (a sequential scan, growing with them).
    items_now = (
        ChecklistItem.objects.filter(
            to_do_now(),
            mobility__in=pks,
            mobility__public_id__in=[stay.public_id for stay in stays.values()],
        )
        .order_by(*SOONEST_FIRST)
        .values_list("mobility", "title", "due_date", "owners")
    )
    for mobility, title, due, owners in items_now:
        now[mobility].append(_ItemNow(title, due, owners))
    checks: dict[int, int] = {}
    if to_check is not None:
        counted = to_check.filter(mobility__in=pks).order_by().values_list("mobility")
        checks = dict(counted.annotate(Count("pk")))
    for pk in pks:
        _annotate(stays[pk], owner, today, now[pk], checks.get(pk, 0))
    page.object_list = [stays[pk] for pk in pks]
    return page


@dataclass(frozen=True)
class _ItemNow:
    title: str | None
    due_date: datetime.date | None
    owners: list[str] | None


_NOTHING_NOW = _ItemNow(title=None, due_date=None, owners=None)


def _annotate(
    stay: Mobility, owner: str, today: datetime.date, now: list[_ItemNow], to_check_count: int
) -> None:
    """Set on the stay what with_attention annotates, from its items to do now, soonest
    first; an item is the owner's when the owner is one of its owners (owned_by)."""
    mine = [item for item in now if owner in (item.owners or [])]
    others = [item for item in now if owner not in (item.owners or [])]
    first_mine = mine[0] if mine else _NOTHING_NOW
    first_other = others[0] if others else _NOTHING_NOW
    attributes = {
        "to_check_count": to_check_count,
        "mine_title": first_mine.title,
        "mine_due": first_mine.due_date,
        "mine_count": len(mine),
        "mine_overdue": _due_before(first_mine.due_date, today),
        "others_title": first_other.title,
        "others_due": first_other.due_date,
        "others_owners": first_other.owners,
        "others_count": len(others),
        "others_overdue": _due_before(first_other.due_date, today),
        "is_overdue": _due_before(stay.next_due_date, today),
    }
    for name, value in attributes.items():
        setattr(stay, name, value)


def _due_before(due: datetime.date | None, today: datetime.date) -> bool:
    return due is not None and due < today


# One stay's items for one person


def items_of(mobility: Mobility, owner: str, rule: Q) -> QuerySet[ChecklistItem]:
    return mobility.items.filter(rule, owned_by(owner)).order_by(*SOONEST_FIRST)


def to_do_now_for(mobility: Mobility, owner: str, today: datetime.date) -> list[ChecklistItem]:
    """The owner's work now, each with `overdue`: what the checker sent back first (with its
    reason), then the soonest due."""
    items = list(items_of(mobility, owner, to_do_now()).annotate(overdue=_when(overdue(today))))
    return sorted(items, key=lambda item: not item.returned_reason)


LONGEST_WAITING = (F("changed_at").asc(nulls_first=True), "pk")


def to_check(items: QuerySet[ChecklistItem], shown: int) -> QuerySet[ChecklistItem]:
    """The first `shown` of a "to check" queue, longest waiting first, with what the list
    shows of each stay. The few are picked from the items alone (the index item_to_check)
    before their stays and students are joined: a planner joining first reads every stay."""
    first = items.order_by(*LONGEST_WAITING).values("pk")[:shown]
    return (
        ChecklistItem.objects.filter(pk__in=first)
        .select_related("mobility__student")
        .order_by(*LONGEST_WAITING)
    )


# One stay's items already loaded (the mobility page): the same rules, in Python


@dataclass
class OwnersWork:
    """The items one owner has to do now on a stay, soonest due first."""

    owner: str
    label: str
    items: list[ChecklistItem]
    overdue: int


@dataclass
class StayWaiting:
    """What one stay waits for now, and for whom."""

    by_owner: list[OwnersWork]
    to_check: list[ChecklistItem]

    def __bool__(self) -> bool:
        return bool(self.by_owner or self.to_check)


def waiting_on_stay(
    mobility: Mobility, items: list[ChecklistItem], today: datetime.date
) -> StayWaiting:
    """The stay's items to do now grouped by owner (in Owner's order; an item of two owners
    is under both) and those waiting for a check, from its items as the page loaded them.
    A closed stay waits for nothing."""
    if not mobility.is_open:
        return StayWaiting(by_owner=[], to_check=[])
    soonest = sorted(items, key=lambda item: (item.due_date, item.step, item.position, item.pk))
    now = [item for item in soonest if item.is_to_do_now]
    by_owner = []
    for owner in Owner:
        owned = [item for item in now if owner.value in item.owners]
        if owned:
            late = sum(item.is_overdue(today) for item in owned)
            by_owner.append(OwnersWork(owner.value, str(owner.label), owned, late))
    to_check = [i for i in soonest if i.applicable and i.status == ItemStatus.TO_CHECK]
    return StayWaiting(by_owner=by_owner, to_check=to_check)
