"""Read-only questions about a group stay's members, for its page and its emergency sheet.

The caller passes the members it got through the access gate (access.visible_mobilities),
so nothing here decides who may see what.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from wegwijzer.groups.models import GroupStay
from wegwijzer.links.models import ITEM_KEYS, Purpose
from wegwijzer.mobilities.attention import count_per_stay, to_do_now
from wegwijzer.mobilities.models import NEVER_WENT, ChecklistItem, Mobility, MobilityQuerySet

# The checklist item a guardian's consent settles: its status is the member's consent state.
CONSENT_KEY = ITEM_KEYS[Purpose.GUARDIAN_CONSENT]
BY_NAME = ("student__last_name", "student__first_name", "pk")


def members_of(group: GroupStay, mobilities: MobilityQuerySet) -> QuerySet[Mobility]:
    """The group's members among the mobilities, by name, each with `open_required` (its
    required items to do now) and `consent` (the status of the guardian's consent item when
    it applies, else None): one query for a page of them, however many there are."""
    open_required = count_per_stay(
        ChecklistItem.objects.filter(to_do_now(), mobility=OuterRef("pk"))
    )
    consent = ChecklistItem.objects.filter(
        mobility=OuterRef("pk"), template_item__key=CONSENT_KEY, applicable=True
    ).values("status")[:1]
    return (
        mobilities.filter(group=group)
        .select_related("student")
        .annotate(
            open_required=open_required,
            consent=Subquery(consent),
        )
        .order_by(*BY_NAME)
    )


def participants_of(group: GroupStay, mobilities: MobilityQuerySet) -> QuerySet[Mobility]:
    """Who travels with the group, for its emergency sheet: every member whose stay was
    not cancelled before departure or ended with a no-go, with the people at home."""
    return (
        mobilities.filter(group=group)
        .exclude(outcome__in=NEVER_WENT)
        .select_related("student", "supervisor")
        .prefetch_related("student__emergency_contacts")
        .order_by(*BY_NAME)
    )
