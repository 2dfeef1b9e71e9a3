import datetime
from itertools import count

from tests.factories import (
    EmergencyContactFactory,
    HostCompanyFactory,
    ProgrammeFactory,
    StudentFactory,
)
from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import EmergencyContact, Student

DEPARTURE = datetime.date(2026, 3, 2)
RETURN = datetime.date(2026, 5, 29)

# Made-up names may repeat; tests that look for one student's name and not another's need
# names that cannot be mistaken for each other.
_numbers = count(1)


def stay(
    *,
    supervisor: User | None = None,
    departure: datetime.date = DEPARTURE,
    back: datetime.date = RETURN,
    country: str = "ES",
    city: str = "Valencia",
    **facts: object,
) -> Mobility:
    """A mobility with every contact filled in (those of a student passed in are theirs),
    made directly: the list and the card need no checklist. It is in step 4 (abroad)
    unless told otherwise: only a stay with a go takes anyone abroad."""
    student = facts.pop("student", None)
    if student is None:
        student = StudentFactory(
            last_name=f"Reiziger{next(_numbers):04d}",
            phone="+34 600 111 222",
            email="sanne@student.example",
            health_insurer="Zilveren Kruis",
            insurance_number="ZK-4471-0923",
        )
        EmergencyContactFactory(student=student, name="Ria de Boer", relationship="moeder")
    host = HostCompanyFactory(
        name="Hotel Mar Azul",
        country=country,
        city=city,
        contact_name="Lucía Ortega",
        contact_email="lucia@marazul.example",
        contact_phone="+34 961 000 111",
    )
    values: dict[str, object] = {
        "student": student,
        "destination_country": country,
        "destination_city": city,
        "address_abroad": "Calle de la Paz 12, 46003 Valencia",
        "host_company": host,
        "supervisor": supervisor,
        "departure_date": departure,
        "return_date": back,
        "step": Step.ABROAD,
    }
    return Mobility.objects.create(**(values | facts))


def many_stays(
    count: int, *, countries: tuple[str, ...] = ("ES",), contacts: bool = False, **facts: object
) -> list[Mobility]:
    """Stays abroad on DEPARTURE, spread over the countries, made in bulk (a few queries,
    however many): for the lists' query counts and the exports' thousands of rows."""
    programme = ProgrammeFactory.create()
    students = Student.objects.bulk_create(
        StudentFactory.build(programme=programme, last_name=f"Reiziger{next(_numbers):04d}")
        for _number in range(count)
    )
    if contacts:
        EmergencyContact.objects.bulk_create(
            EmergencyContact(student=student, name="Ria de Boer", relationship="moeder",
                             phone="+31 6 87654321")
            for student in students
        )  # fmt: skip
    values: dict[str, object] = {
        "destination_city": "Valencia",
        "departure_date": DEPARTURE,
        "return_date": RETURN,
        "step": Step.ABROAD,
    }
    return Mobility.objects.bulk_create(
        Mobility(student=student, destination_country=countries[number % len(countries)],
                 **(values | facts))
        for number, student in enumerate(students)
    )  # fmt: skip
