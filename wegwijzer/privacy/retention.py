"""Which students have been kept long enough: the retention rule in one place.

A student is due for erasure when RETENTION_YEARS have passed since their last stay
abroad ended (the actual return, or the day it was closed, or the planned return) and no
stay is still under way. A student who never had a stay is due that long after their
record was made: nothing about them is needed for reports.
"""

import datetime

from django.conf import settings
from django.db.models import DateField, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from wegwijzer.mobilities.models import Outcome
from wegwijzer.students.models import Student


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Stays that ended before this day are past retention."""
    today = today or timezone.localdate()
    years = settings.RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def expired_students(today: datetime.date | None = None) -> QuerySet[Student]:
    """Students due for erasure, with `last_ended` (None if they never had a stay)."""
    cutoff = retention_cutoff(today)
    ended = Coalesce(
        "mobilities__actual_return_date",
        "mobilities__outcome_date",
        "mobilities__return_date",
        output_field=DateField(),
    )
    students = Student.objects.filter(erased_at=None).annotate(last_ended=Max(ended))
    open_stays = Q(mobilities__outcome=Outcome.IN_PROGRESS)
    return (
        students.exclude(pk__in=Student.objects.filter(open_stays).values("pk"))
        .filter(Q(last_ended__lt=cutoff) | Q(last_ended=None, created_at__date__lt=cutoff))
        .order_by("student_number")
    )
