"""Which payments the list of payments due counts (Payment.on_list), and what keeps it true.

The list and its sums count the unpaid payments of stays still funded by Erasmus+ and not
called off (policy.LISTED_STAYS). Asked of the stays, every request joined each unpaid
payment due to its grant and stay: the sums grew with the data (33 ms of the page at
100,000 stays). Each payment now carries the answer, so the sums read one index alone.

A payment gets it when it is planned (policy._wanted, for bulk_create) or saved new (the
pre_save signal below, for any other maker). It changes with its stay's funding
and outcome: a save of a stay that may change either sets it again (the signal below), and
so does a queryset update of the stays (MobilityQuerySet.update calls `of_stays` before
and `relist` after). tests/conftest.py checks after every test that no payment's on_list
differs from the rule (`differences`): a write path that forgets it fails the tests that
take it. The daily run sets again what still differs (`relist_drifted`), and logs it.
"""

import logging
from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from wegwijzer.funding.models import Payment
from wegwijzer.funding.policy import LISTED_STAYS, listed
from wegwijzer.mobilities.models import Mobility

logger = logging.getLogger(__name__)

# The fields of a stay that LISTED_STAYS reads.
STAY_FIELDS = frozenset({"funding", "outcome"})


def _listed_stay() -> Exists:
    """For a payment in SQL: its stay counts on the list."""
    return Exists(Mobility.objects.filter(LISTED_STAYS, grant__pk=OuterRef("grant_id")).order_by())


def of_stays(stays: QuerySet[Mobility], fields: Collection[str]) -> list[int]:
    """The stays a queryset update may move on or off the list, read before it runs (it
    may change what the queryset matches); none when it sets neither funding nor outcome."""
    if not STAY_FIELDS & set(fields):
        return []
    return list(stays.order_by().values_list("pk", flat=True))


def relist(stay_ids: Collection[int]) -> int:
    """Set on_list of the stays' payments from the stays as stored; how many changed."""
    if not stay_ids:
        return 0
    return _set_again(Payment.objects.filter(grant__mobility__in=stay_ids))


def relist_drifted() -> int:
    """Set on_list again wherever it differs from the stay (the daily run): a write that
    raced with a change of its stay, or a path that forgot it; how many were wrong."""
    count = _set_again(Payment.objects.all())
    if count:
        logger.warning("Payments on or off the list of payments due against their stay: %s.", count)
    return count


def differences() -> list[int]:
    """The payments whose on_list differs from their stay's funding and outcome."""
    return list(_drifted(Payment.objects.all()).order_by("pk").values_list("pk", flat=True))


def _drifted(payments: QuerySet[Payment]) -> QuerySet[Payment]:
    """Those of the payments whose on_list differs from their stay as stored."""
    return payments.exclude(on_list=_listed_stay())


def _set_again(payments: QuerySet[Payment]) -> int:
    """Set on_list of the payments that differ from their stay; how many there were."""
    return _drifted(payments).update(on_list=_listed_stay())


@receiver(post_save, sender=Mobility)
def _stay_saved(
    sender: Any, instance: Mobility, created: bool, update_fields: Any, **kwargs: Any
) -> None:
    if created or (update_fields is not None and not STAY_FIELDS & set(update_fields)):
        return
    # From the stay as stored (a save of a stale copy naming only one of the fields must
    # not set the flag from the other as it was): one UPDATE that writes no row unless the
    # stay moved on or off the list.
    relist([instance.pk])


@receiver(pre_save, sender=Payment)
def _payment_made(sender: Any, instance: Payment, raw: bool, **kwargs: Any) -> None:
    if instance._state.adding and not raw:
        instance.on_list = listed(instance.grant.mobility)
