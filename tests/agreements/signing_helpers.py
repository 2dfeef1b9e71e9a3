"""Stays ready to send an agreement for, and sending it the way the application does."""

import datetime
from decimal import Decimal

from django.core import mail

from tests.factories import (
    GuardianFactory,
    HostCompanyFactory,
    MobilityFactory,
    StudentFactory,
    UserFactory,
)
from tests.links.helpers import token_in
from wegwijzer.accounts.models import Role, User
from wegwijzer.agreements import signing
from wegwijzer.agreements.models import Agreement, Kind, StayTerms
from wegwijzer.mobilities.models import Mobility

DEPARTURE = datetime.date.today() + datetime.timedelta(days=120)


def ready_stay(*, age: int = 19, account: bool = True, **facts: object) -> Mobility:
    """A stay with everything an agreement needs: a host with a contact, a supervisor,
    tasks; its student `age` on the departure date, with a guardian who has e-mail."""
    born = DEPARTURE.replace(year=DEPARTURE.year - age)
    user = UserFactory.create(role=Role.STUDENT) if account else None
    student = StudentFactory.create(
        date_of_birth=born, user=user, email="student@example.org",
        **({"first_name": user.first_name, "last_name": user.last_name} if user else {}),
    )  # fmt: skip
    GuardianFactory.create(student=student, name="Anna de Vries", email="anna@example.org")
    host = HostCompanyFactory.create(
        name="Hotel Mar Azul", contact_name="Carmen Ruiz", contact_email="carmen@example.es"
    )
    supervisor = UserFactory.create(role=Role.SUPERVISOR)
    mobility = MobilityFactory.create(
        student=student, host_company=host, supervisor=supervisor, departure_date=DEPARTURE,
        **facts,
    )  # fmt: skip
    StayTerms.objects.create(
        mobility=mobility,
        tasks="Gasten ontvangen en inchecken.",
        learning_outcomes="Werkt zelfstandig aan de receptie.",
        assessment="Beoordeling door de praktijkopleider aan het eind.",
        hours_per_week=Decimal("32"),
        trainer_name="Lucía Fernández",
        trainer_email="lucia@example.es",
        supervision="Elke twee weken een videogesprek.",
    )
    return mobility


def send(mobility: Mobility, by: User, capture, kind: str = Kind.PLACEMENT) -> Agreement:
    with capture(execute=True):
        agreement = signing.send_agreement(
            mobility, kind, by=by, domain="testserver", use_https=True
        )
    return agreement


def tokens(mobility: Mobility) -> dict[str, str]:
    """The token of each link just sent, by recipient address."""
    return {message.to[0]: token_in(message.body) for message in mail.outbox}
