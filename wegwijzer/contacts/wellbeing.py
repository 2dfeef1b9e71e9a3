"""The wellbeing rule, once: a stay is flagged for the coordinator when a contact scores
1 or 2, or when the last three scores each fall below the one before (5, 4, 3)."""

import itertools

from django.db.models import Exists, OuterRef, Q, Subquery

from wegwijzer.contacts.models import ContactEntry
from wegwijzer.mobilities.models import MobilityQuerySet

LOW = 2
TREND = 3


def flags(scores: list[int]) -> bool:
    """Scores oldest first; whether the newest flags the stay."""
    if not scores:
        return False
    if scores[-1] <= LOW:
        return True
    last = scores[-TREND:]
    return len(last) == TREND and all(a > b for a, b in itertools.pairwise(last))


def entry_flags(entry: ContactEntry) -> bool:
    """Whether a newly logged entry flags its stay, with the scores logged before it."""
    if entry.wellbeing is None:
        return False
    before = list(
        ContactEntry.objects.filter(mobility_id=entry.mobility_id, wellbeing__isnull=False)
        .exclude(pk=entry.pk)
        .filter(held_on__lte=entry.held_on)
        .order_by("-held_on", "-pk")
        .values_list("wellbeing", flat=True)[: TREND - 1]
    )
    return flags([*(score for score in reversed(before) if score is not None), entry.wellbeing])


def flagged(mobilities: MobilityQuerySet) -> MobilityQuerySet:
    """The stays whose latest scored contact flagged them, the lowest score first (as
    `latest_wellbeing`): one query. It starts from the few entries that flagged a stay
    (the index contact_entry_flags) and keeps those no later scored entry follows, so
    its cost does not grow with the stays."""
    scored = ContactEntry.objects.filter(mobility=OuterRef("mobility"), wellbeing__isnull=False)
    later = scored.filter(
        Q(held_on__gt=OuterRef("held_on")) | Q(held_on=OuterRef("held_on"), pk__gt=OuterRef("pk"))
    )
    still_flagging = ContactEntry.objects.filter(flags=True, wellbeing__isnull=False).exclude(
        Exists(later)
    )
    latest_score = (
        ContactEntry.objects.filter(mobility=OuterRef("pk"), wellbeing__isnull=False)
        .order_by("-held_on", "-pk")
        .values("wellbeing")[:1]
    )
    return (
        mobilities.filter(pk__in=still_flagging.values("mobility"))
        .annotate(latest_wellbeing=Subquery(latest_score))
        .order_by("latest_wellbeing", "pk")
    )
