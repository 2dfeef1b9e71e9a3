"""About forty demo students across the programmes, some of them still under 18."""

import datetime
import random

from wegwijzer.accounts.models import Role, User
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import AbroadInterest, EmergencyContact, Guardian, Student

FIRST_NAMES = [
    "Emma", "Noah", "Julia", "Liam", "Mila", "Luuk", "Sophie", "Sem", "Tess", "Finn",
    "Zoë", "Milan", "Yara", "Levi", "Nora", "Bram", "Lotte", "Jesse", "Sara", "Thijs",
    "Amira", "Mohamed", "Eva", "Ryan", "Fenna", "Sven", "Isa", "Ayoub", "Roos", "Lars",
    "Hanna", "Stijn", "Elif", "Jayden", "Noor", "Ruben", "Lina", "Koen", "Imane",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kaya", "El Idrissi", "Postma",
    "Kuipers", "Veenstra", "Kok", "Jacobs", "van den Berg", "Schouten", "Willems",
]  # fmt: skip
# Made-up sensitive details for some demo students, so the sensitive page has something.
MEDICAL_NOTES = [
    "Pinda-allergie: draagt een EpiPen bij zich.",
    "Astma; gebruikt een puffer (salbutamol) bij inspanning.",
    "Diabetes type 1, insulinepen; koelbox nodig voor de reis.",
    "",
    "",
]
INSURERS = ["Zilveren Kruis", "CZ", "VGZ", "Menzis"]
GUARDIAN_FIRST_NAMES = ["Marieke", "Peter", "Saskia", "Ahmed", "Ingrid", "Kees", "Nadia", "Erik"]
STUDENT_COUNT = 40
# Classes (klassen) as the student information system names them, so a coordinator can
# select a class on the students list (a bulk action after a class lesson): the programme's
# prefix, in the order of the programmes' codes (cook, electrician, media, care), then A or B.
CLASS_PREFIXES = ["HOR2", "ET2", "MV2", "VZ2"]
INTERESTS = [AbroadInterest.INTERESTED, AbroadInterest.UNKNOWN, AbroadInterest.NOT_NOW]
FIRST_NUMBER = 540001


def load(*, rng: random.Random, password: str) -> None:
    programmes = list(Programme.objects.order_by("qualification_code"))
    mentors = list(User.objects.filter(role=Role.MENTOR).order_by("username"))
    demo_student_user = User.objects.get(username="student")
    for index in range(STUDENT_COUNT):
        number = str(FIRST_NUMBER + index)
        is_demo_login = index == 0
        first_name = demo_student_user.first_name if is_demo_login else rng.choice(FIRST_NAMES)
        last_name = demo_student_user.last_name if is_demo_login else rng.choice(LAST_NAMES)
        born = datetime.date(2006, 1, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
        slug = f"{first_name}.{last_name}".lower().replace(" ", "")
        student, _created = Student.objects.update_or_create(
            student_number=number,
            defaults={
                "user": demo_student_user if is_demo_login else None,
                "first_name": first_name,
                "last_name": last_name,
                # The demo login is under 18, so consent questions show up for it.
                "date_of_birth": datetime.date(2009, 3, 14) if is_demo_login else born,
                "programme": programmes[index % len(programmes)],
                "year": 1 + rng.randrange(3) if not is_demo_login else 2,
                "mentor": mentors[index % len(mentors)],
                "class_name": _class_name(index),
                "email": f"{slug}.{number}@student.demo.wegwijzer.example",
                "phone": f"+31 6 {rng.randrange(10_000_000, 99_999_999)}",
                # What the mentors noted on their home page; no random draw, so the rest
                # of the demo school stays what it was. The mentors take turns, so each
                # mentor's students vary by the turn.
                "abroad_interest": INTERESTS[index // len(mentors) % len(INTERESTS)],
                **_sensitive(index),
            },
        )
        _people_at_home(student, rng)


def _class_name(index: int) -> str:
    """Five students a class: the programme's prefix (as the programme is chosen) and A or B."""
    return CLASS_PREFIXES[index % len(CLASS_PREFIXES)] + "AB"[index // len(CLASS_PREFIXES) % 2]


def _sensitive(index: int) -> dict[str, object]:
    """Medical notes, passport and insurance for every other student. A generator of its
    own, so the rest of the demo school stays what it was."""
    if index % 2:
        return {}
    rng = random.Random(index)
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2))
    return {
        "medical_notes": MEDICAL_NOTES[index % len(MEDICAL_NOTES)],
        # Some agreed to have them on their emergency card.
        "medical_on_card": index % 4 == 0,
        "passport_number": f"{letters}{rng.randrange(1_000_000, 9_999_999)}",
        "passport_expiry": datetime.date(2027 + rng.randrange(5), 1 + rng.randrange(12), 1),
        "health_insurer": rng.choice(INSURERS),
        "insurance_number": f"{rng.randrange(100_000_000, 999_999_999)}",
    }


def _people_at_home(student: Student, rng: random.Random) -> None:
    """One guardian, who is also the first person to call in an emergency."""
    guardian_name = f"{rng.choice(GUARDIAN_FIRST_NAMES)} {student.last_name}"
    phone = f"+31 6 {rng.randrange(10_000_000, 99_999_999)}"
    slug = guardian_name.lower().replace(" ", ".")
    Guardian.objects.update_or_create(
        student=student,
        name=guardian_name,
        defaults={
            "relationship": "ouder",
            "email": f"{slug}@thuis.demo.wegwijzer.example",
            "phone": phone,
        },
    )
    EmergencyContact.objects.update_or_create(
        student=student, name=guardian_name, defaults={"relationship": "ouder", "phone": phone}
    )
