"""Read-only figures of the contact log, aggregated in SQL."""

from django.db.models import Avg, QuerySet

from wegwijzer.contacts.models import ContactEntry
from wegwijzer.mobilities.models import MobilityQuerySet


def average_wellbeing(mobilities: MobilityQuerySet) -> float | None:
    """The average wellbeing score of every scored contact of the stays; one query."""
    found = ContactEntry.objects.filter(mobility__in=mobilities, wellbeing__isnull=False).aggregate(
        average=Avg("wellbeing")
    )
    return found["average"]


def average_wellbeing_by_host(hosts: QuerySet) -> dict[int, float]:
    """{host company pk: average wellbeing of its students' contacts}; one query."""
    rows = (
        ContactEntry.objects.filter(mobility__host_company__in=hosts, wellbeing__isnull=False)
        .order_by()
        .values("mobility__host_company")
        .annotate(average=Avg("wellbeing"))
    )
    return {row["mobility__host_company"]: row["average"] for row in rows}
