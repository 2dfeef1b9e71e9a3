"""A stay with everything an agreement needs, for the tests of its content, terms and wording."""

import datetime
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from tests.factories import HostCompanyFactory, MobilityFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.agreements import content
from wegwijzer.agreements.models import Agreement, Kind, StayTerms
from wegwijzer.mobilities.models import Funding, Mobility
from wegwijzer.students.models import Student

TASKS = "Gasten ontvangen aan de receptie\nReserveringen verwerken"
OUTCOMES = "De student voert een inchecking in het Spaans uit."
ASSESSMENT = "Het leerbedrijf vult het beoordelingsformulier in; de school beoordeelt het verslag."
SUPERVISION = "Elke twee weken een videogesprek met de begeleider."


def complete_stay(
    *,
    student: Student | None = None,
    supervisor: User | None = None,
    funding: str = Funding.ERASMUS,
) -> Mobility:
    """An Erasmus+ stay at Hotel Sol Valencia with every field an agreement needs."""
    host = HostCompanyFactory.create(
        name="Hotel Sol Valencia", city="Valencia", country="ES",
        contact_name="Carmen Ruiz", contact_email="carmen@hotelsol.example",
        contact_phone="+34 600 000 001",
    )  # fmt: skip
    student = student or StudentFactory.create(health_insurer="Zilveren Kruis")
    supervisor = supervisor or UserFactory.create(role=Role.SUPERVISOR)
    mobility = MobilityFactory.create(
        student=student, host_company=host, supervisor=supervisor, funding=funding,
        departure_date=datetime.date(2027, 2, 1), return_date=datetime.date(2027, 4, 30),
    )  # fmt: skip
    StayTerms.objects.create(
        mobility=mobility, tasks=TASKS, learning_outcomes=OUTCOMES, assessment=ASSESSMENT,
        hours_per_week=Decimal("32.5"), working_days="9:00-17:00",
        trainer_name="Jorge Martín", trainer_email="jorge@hotelsol.example",
        trainer_phone="+34 600 000 002", supervision=SUPERVISION, version=1,
    )  # fmt: skip
    return Mobility.objects.get(pk=mobility.pk)


def sent(mobility: Mobility, kind: str = Kind.PLACEMENT) -> Agreement:
    """An agreement sent for signing, made as the signing service makes one."""
    made_from = content.facts(mobility, kind)
    return Agreement.objects.create(
        mobility=mobility,
        kind=kind,
        facts=made_from,
        fingerprint=content.fingerprint(made_from),
        pdf=b"%PDF-",
        pdf_sha256=content.sha256(b"%PDF-"),
    )


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    # A line may break anywhere; the tests look for words and phrases.
    return " ".join(text.split())
