"""Students abroad today, and roll calls started the way the application starts them."""

import datetime
import re

from django.core import mail

from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.care import services
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

ANSWER_LINK = re.compile(r"https?://\S+/safe/([A-Za-z0-9_-]+)/")


def abroad(country: str = "ES", city: str = "Valencia", **student_facts) -> Mobility:
    """A stay under way today: departed a week ago, in step 4."""
    today = datetime.date.today()
    mobility = MobilityFactory.create(
        student=StudentFactory.create(**student_facts),
        destination_country=country,
        destination_city=city,
        departure_date=today - datetime.timedelta(days=7),
        return_date=today + datetime.timedelta(days=60),
    )
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.ABROAD)
    mobility.refresh_from_db()
    return mobility


def start(by, capture, countries=(), message="Storm in Valencia. Are you safe?", hours=0):
    with capture(execute=True):
        roll_call = services.start_roll_call(
            by=by, countries=list(countries), message=message, reminder_hours=hours,
            domain="testserver", use_https=True,
        )  # fmt: skip
    return roll_call


def tokens_by_address() -> dict[str, str]:
    """The newest token each address got by e-mail."""
    found = {}
    for message in mail.outbox:
        match = ANSWER_LINK.search(str(message.body))
        if match:
            found[message.to[0]] = match.group(1)
    return found
