"""The stored totals of each grant agreement (AgreementTally), and what keeps them true.

The Erasmus+ overview and an agreement's totals page added up every grant of the
agreement on each request: the time grew with the grants. They now read the tallies,
a few rows per agreement and outcome (per destination country, and per programme).

What an agreement's totals count changes with its grants, with the stays (funding,
outcome, the four dates, the country), with the students' programme and with a
programme's name or level. Every such write marks the agreement (`mark`), in its own
transaction: a TallyStale row. The refresh recounts a marked agreement from the stays
(`refresh`, the only writer of the tallies) and removes the markers it read; until then
totals.py counts that agreement live, so a page is never wrong, only slower just after a
change. When the refresh runs: FUNDING_TALLIES_REFRESH "on_commit" (once the change is
committed) or "at_once" (inside `mark`: the test suite, whose tests never commit); the
daily run and `manage.py refresh_tallies` catch what is left.

Saves are marked by the signals below, bulk writes by their code (the cohort import,
the privacy erasure, the benchmark's generator). tests/conftest.py checks after every test
that each unmarked agreement's tallies equal a live count (`differences`): a write path
that forgets to mark fails the tests that take it.
"""

import logging
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wegwijzer.funding.models import (
    AgreementTally,
    GrantAgreement,
    MobilityGrant,
    TallyGrain,
    TallyStale,
)
from wegwijzer.funding.totals import (
    BY_COUNTRY,
    BY_PROGRAMME,
    DETAIL,
    FIGURES,
    _groups,
    _mobilities,
    _summed,
)
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import Student

logger = logging.getLogger(__name__)

ON_COMMIT = "on_commit"
AT_ONCE = "at_once"

# The agreements a save changes, kept from pre_save to post_save on the instance; and
# those a transaction marked, on the database connection.
PENDING = "_tallies_pending"


def stale(agreement_ids: Iterable[int]) -> set[int]:
    """Mark the agreements' tallies stale (one INSERT), nothing more; the marked ids."""
    ids = {pk for pk in agreement_ids if pk is not None}
    if ids:
        TallyStale.objects.bulk_create(TallyStale(agreement_id=pk) for pk in ids)
    return ids


def mark(agreement_ids: Iterable[int]) -> None:
    """What the agreements' totals count has changed: mark them, in the caller's
    transaction, and refresh them once it commits (or at once)."""
    ids = stale(agreement_ids)
    if not ids:
        return
    connection = transaction.get_connection()
    if getattr(settings, "FUNDING_TALLIES_REFRESH", ON_COMMIT) == AT_ONCE or (
        not connection.in_atomic_block
    ):
        refresh(ids)
        return
    # One refresh per transaction, of every agreement it marked. A rollback drops the
    # callback: the next mark registers a new one.
    pending = getattr(connection, PENDING, None)
    if pending is None or not any(func == pending.run for _s, func, _r in connection.run_on_commit):
        pending = _Pending()
        setattr(connection, PENDING, pending)
        # Robust: the change is committed; a failed refresh leaves its markers for the
        # daily run, and the pages count the agreements live meanwhile.
        transaction.on_commit(pending.run, robust=True)
    pending.ids |= ids


class _Pending:
    """The agreements a transaction marked, refreshed once it commits."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def run(self) -> None:
        refresh(self.ids)


def refresh(agreement_ids: Collection[int]) -> None:
    """Count the agreements' tallies again from the stays, and remove the markers read
    before (a marker written meanwhile stays, for the next refresh)."""
    if not agreement_ids:
        return
    with transaction.atomic():
        # One refresh of an agreement at a time: two would both insert its rows. NO KEY:
        # a write that inserts a marker or a grant of the agreement (a key share lock on
        # it) neither waits for a refresh nor deadlocks with one.
        list(
            GrantAgreement.objects.select_for_update(no_key=True)
            .filter(pk__in=agreement_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        markers = list(
            TallyStale.objects.filter(agreement__in=agreement_ids).values_list("pk", flat=True)
        )
        rows = live_rows(agreement_ids)
        AgreementTally.objects.filter(agreement__in=agreement_ids).delete()
        AgreementTally.objects.bulk_create(rows, batch_size=1000)
        if markers:
            TallyStale.objects.filter(pk__in=markers).delete()


def refresh_stale() -> int:
    """Refresh every agreement still marked (the daily run); how many there were."""
    ids = set(TallyStale.objects.values_list("agreement", flat=True).distinct())
    for pk in sorted(ids):
        try:
            refresh([pk])
        except DatabaseError:
            # One agreement failing keeps its markers (counted live meanwhile); the
            # others are refreshed all the same.
            logger.exception("Refreshing the tallies of grant agreement %s failed.", pk)
    return len(ids)


def refresh_all() -> int:
    """Refresh every agreement (manage.py refresh_tallies --all, the benchmark's data)."""
    ids = list(GrantAgreement.objects.order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        refresh([pk])
    return len(ids)


def live_rows(agreement_ids: Collection[int]) -> list[AgreementTally]:
    """The agreements' tallies as the stays give them now: one GROUP BY per outcome,
    country and programme, added up per grain."""
    rows_of: dict[int, list[dict[str, Any]]] = {pk: [] for pk in agreement_ids}
    for row in _groups(_mobilities(list(agreement_ids)), "grant__agreement", "outcome", *DETAIL):
        rows_of[row["grant__agreement"]].append(row)
    tallies = []
    for pk, rows in rows_of.items():
        tallies += [_tally(pk, TallyGrain.COUNTRY, row) for row in _summed(rows, *BY_COUNTRY)]
        tallies += [_tally(pk, TallyGrain.PROGRAMME, row) for row in _summed(rows, *BY_PROGRAMME)]
    return tallies


def _tally(agreement_id: int, by: str, row: dict[str, Any]) -> AgreementTally:
    return AgreementTally(
        agreement_id=agreement_id,
        by=by,
        outcome=row["outcome"],
        destination_country=str(row.get("destination_country") or ""),
        programme_name=row.get("student__programme__name") or "",
        programme_level=row.get("student__programme__level"),
        **{figure: row[figure] or 0 for figure in FIGURES},
    )


def _key(tally: AgreementTally) -> tuple[Any, ...]:
    return (
        tally.agreement_id,
        str(tally.by),
        tally.outcome,
        tally.destination_country,
        tally.programme_name,
        tally.programme_level,
        tally.participants,
        tally.days_between,
        tally.green,
        tally.amount,
    )


def differences(agreement_ids: Collection[int] | None = None) -> dict[int, set[tuple[Any, ...]]]:
    """The agreements (all, by default) whose stored tallies differ from a live count,
    with the rows that differ (stored or live); those marked stale are left out."""
    agreements = GrantAgreement.objects.exclude(
        pk__in=TallyStale.objects.values("agreement")
    ).values_list("pk", flat=True)
    if agreement_ids is not None:
        agreements = agreements.filter(pk__in=agreement_ids)
    ids = list(agreements)
    # Counted, not sets: a row stored twice doubles a page's figures.
    stored = Counter(_key(tally) for tally in AgreementTally.objects.filter(agreement__in=ids))
    live = Counter(_key(tally) for tally in live_rows(ids))
    found: dict[int, set[tuple[Any, ...]]] = {}
    for row in (stored - live) + (live - stored):
        found.setdefault(row[0], set()).add(row)
    return found


# Who marks: the saves and deletes of the models whose fields the totals count. A save
# that names its fields (update_fields) and none of these cannot change the totals; any
# other save asks the database, in one query, whether a counted field differs from what
# is stored, and for which agreement.

GRANT_FIELDS = ("agreement", "green_travel", "computed_total", "override_total")
STAY_FIELDS = (
    "student",
    "funding",
    "outcome",
    "departure_date",
    "return_date",
    "actual_departure_date",
    "actual_return_date",
    "destination_country",
)
STUDENT_FIELDS = ("programme",)
PROGRAMME_FIELDS = ("name", "level")


def _may_change(fields: tuple[str, ...], update_fields: Collection[str] | None) -> bool:
    if update_fields is None:
        return True
    return any(name in update_fields for name in fields) or any(
        f"{name}_id" in update_fields for name in fields
    )


def _unchanged(instance: Model, fields: tuple[str, ...]) -> Q:
    """The stored row holds the instance's values of `fields`."""
    condition = Q()
    for name in fields:
        attname = f"{name}_id" if instance._meta.get_field(name).is_relation else name
        value = getattr(instance, attname)
        condition &= Q(**{f"{attname}__isnull": True}) if value is None else Q(**{attname: value})
    return condition


def _changed_agreements(
    instance: Model, fields: tuple[str, ...], agreement_path: str, update_fields: Any
) -> set[int]:
    if instance.pk is None or not _may_change(fields, update_fields):
        return set()
    rows = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .exclude(_unchanged(instance, fields))
        .filter(**{f"{agreement_path}__isnull": False})
        .values_list(agreement_path, flat=True)
        .distinct()
    )
    return set(rows)


@receiver(pre_save, sender=MobilityGrant)
def _grant_changing(
    sender: Any, instance: MobilityGrant, update_fields: Any, **kwargs: Any
) -> None:
    # The stored agreement, should the grant move to another.
    found = _changed_agreements(instance, GRANT_FIELDS, "agreement", update_fields)
    setattr(instance, PENDING, found | {instance.agreement_id} if found else set())


@receiver(post_save, sender=MobilityGrant)
def _grant_saved(sender: Any, instance: MobilityGrant, created: bool, **kwargs: Any) -> None:
    mark({instance.agreement_id} if created else instance.__dict__.pop(PENDING, set()))


@receiver(post_delete, sender=MobilityGrant)
def _grant_deleted(sender: Any, instance: MobilityGrant, **kwargs: Any) -> None:
    mark({instance.agreement_id})


@receiver(pre_save, sender=Mobility)
def _stay_changing(sender: Any, instance: Mobility, update_fields: Any, **kwargs: Any) -> None:
    setattr(
        instance,
        PENDING,
        _changed_agreements(instance, STAY_FIELDS, "grant__agreement", update_fields),
    )


@receiver(pre_save, sender=Student)
def _student_changing(sender: Any, instance: Student, update_fields: Any, **kwargs: Any) -> None:
    setattr(
        instance,
        PENDING,
        _changed_agreements(
            instance, STUDENT_FIELDS, "mobilities__grant__agreement", update_fields
        ),
    )


@receiver(pre_save, sender=Programme)
def _programme_changing(
    sender: Any, instance: Programme, update_fields: Any, **kwargs: Any
) -> None:
    setattr(
        instance,
        PENDING,
        _changed_agreements(
            instance, PROGRAMME_FIELDS, "students__mobilities__grant__agreement", update_fields
        ),
    )


def _saved(sender: Any, instance: Model, **kwargs: Any) -> None:
    mark(instance.__dict__.pop(PENDING, set()))


for _model in (Mobility, Student, Programme):
    post_save.connect(_saved, sender=_model, dispatch_uid=f"tallies-{_model.__name__}")


# The bulk paths' helpers: the agreements of students' and programmes' grants.


def of_stays(stays: QuerySet[Mobility], fields: Collection[str]) -> set[int]:
    """The agreements of the stays' grants, if `fields` hold one the totals count (a
    queryset update of the stays, before it runs)."""
    if not _may_change(STAY_FIELDS, fields):
        return set()
    return _agreements_of(mobility__in=stays.values("pk"))


def of_students(student_ids: Collection[int]) -> set[int]:
    return _agreements_of(mobility__student__in=student_ids) if student_ids else set()


def of_programmes(programme_ids: Collection[int]) -> set[int]:
    return (
        _agreements_of(mobility__student__programme__in=programme_ids) if programme_ids else set()
    )


def _agreements_of(**grants: Any) -> set[int]:
    """The agreements of the grants that the lookups find."""
    return set(
        MobilityGrant.objects.filter(**grants).values_list("agreement", flat=True).distinct()
    )
