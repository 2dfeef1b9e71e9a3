"""The contact rules: which days an agreement plans, the window in which a logged contact
fulfils a planned moment, and when a moment is missed. Said once, here.

- The first moment is one interval after the first day of the stay; in the agreement's
  first weeks the interval is `first_every_days`, after that `then_every_days`; the last
  moment falls on or before the last day of the stay.
- A moment's window opens half an interval before its day and closes GRACE days after it.
  A logged contact fulfils the earliest open moment whose window holds its date.
- A moment is missed when GRACE days have passed since its day without a contact.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wegwijzer.contacts.models import ContactAgreement, ContactEntry, ContactMoment
from wegwijzer.mobilities.models import Mobility, Outcome

GRACE = 3
DAY = datetime.timedelta(days=1)


def plan_days(
    agreement: ContactAgreement, first_day: datetime.date, last_day: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """(due day, window opens) of each moment the agreement plans for the stay."""
    first_weeks_end = first_day + datetime.timedelta(weeks=agreement.first_weeks)
    days: list[tuple[datetime.date, datetime.date]] = []
    day = first_day
    while True:
        interval = (
            agreement.first_every_days if day < first_weeks_end else agreement.then_every_days
        )
        interval = max(interval, 1)
        day = day + datetime.timedelta(days=interval)
        if day > last_day:
            return days
        days.append((day, day - datetime.timedelta(days=interval // 2)))


def missed_by(today: datetime.date) -> Q:
    """Moments missed by today: GRACE days past their day, no contact, stay in progress."""
    return Q(
        entry__isnull=True,
        due_on__lt=today - datetime.timedelta(days=GRACE),
        mobility__outcome=Outcome.IN_PROGRESS,
    )


@transaction.atomic
def replan(mobility: Mobility, *, today: datetime.date | None = None) -> int:
    """Plan the stay's moments again from its agreement and dates; returns how many are
    planned ahead now.

    Moments already fulfilled, and those whose day has passed (kept: missed is missed),
    stay as they are; every future moment without a contact is planned anew. A closed stay
    keeps no future moments. Call it when the agreement or the stay's dates change.
    """
    today = today or timezone.localdate()
    mobility.contact_moments.filter(entry__isnull=True, due_on__gte=today).delete()
    agreement = ContactAgreement.objects.filter(mobility=mobility).first()
    if agreement is None or not mobility.is_open:
        return 0
    taken = set(mobility.contact_moments.values_list("due_on", flat=True))
    new = [
        ContactMoment(mobility=mobility, due_on=due, opens_on=opens)
        for due, opens in plan_days(agreement, mobility.first_day, mobility.last_day)
        if due >= today and due not in taken
    ]
    ContactMoment.objects.bulk_create(new)
    return len(new)


def fulfil(entry: ContactEntry) -> ContactMoment | None:
    """Attach the entry to the earliest open moment whose window holds its date."""
    moment = (
        ContactMoment.objects.select_for_update()
        .filter(
            mobility_id=entry.mobility_id,
            entry__isnull=True,
            opens_on__lte=entry.held_on,
            due_on__gte=entry.held_on - datetime.timedelta(days=GRACE),
        )
        .order_by("due_on", "pk")
        .first()
    )
    if moment is not None:
        moment.entry = entry
        moment.save(update_fields=["entry"])
    return moment
