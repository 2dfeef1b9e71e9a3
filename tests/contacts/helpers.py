"""Stays abroad with a contact agreement, made the way the application makes them."""

import datetime

from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.contacts import services
from wegwijzer.contacts.models import ContactAgreement, ContactEntry
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

TODAY = datetime.date.today()


def abroad(*, supervisor=None, student=None, departed_days_ago: int = 7, days_left: int = 60,
           **student_facts) -> Mobility:  # fmt: skip
    """A stay under way today, in step 4."""
    mobility = MobilityFactory.create(
        student=student or StudentFactory.create(**student_facts),
        supervisor=supervisor,
        departure_date=TODAY - datetime.timedelta(days=departed_days_ago),
        return_date=TODAY + datetime.timedelta(days=days_left),
    )
    Mobility.objects.filter(pk=mobility.pk).update(
        step=Step.ABROAD, actual_departure_date=mobility.departure_date
    )
    mobility.refresh_from_db()
    return mobility


def agree(mobility: Mobility, by, **facts) -> ContactAgreement:
    current = ContactAgreement.objects.filter(mobility=mobility).first()
    values = {
        "first_weeks": 4, "first_every_days": 7, "then_every_days": 14, "channel": "video",
        "participants": ["supervisor", "student"], "note": "", **facts,
    }  # fmt: skip
    return services.set_agreement(
        mobility, by=by, version=current.version if current else 0, **values
    )


def log(mobility: Mobility, by, *, days_ago: int = 0, **facts) -> ContactEntry:
    values = {"channel": "video", "participants": ["supervisor", "student"], **facts}
    return services.log_contact(
        mobility, by=by, newest=services.newest_entry_id(mobility),
        held_on=TODAY - datetime.timedelta(days=days_ago), **values,
    )  # fmt: skip
