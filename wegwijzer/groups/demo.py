"""One demo class exchange: "Uitwisseling Lyon VZ3A", with students of one class who had no
stay yet and two accompanying supervisors.

Loaded after every other app's demo, so it takes students the others left without a stay.
Loading twice changes nothing: the group is made once.
"""

import datetime
import random

from django.utils import timezone

from wegwijzer.accounts.models import User
from wegwijzer.groups import services
from wegwijzer.groups.models import GroupStay
from wegwijzer.mobilities.models import MobilityType
from wegwijzer.students.models import Student

NAME = "Uitwisseling Lyon VZ3A"
CLASS_NAME = "VZ3A"
MEMBERS = 7
DAYS_UNTIL_DEPARTURE = 75
NIGHTS = 6


def load(*, rng: random.Random, password: str) -> None:
    if GroupStay.objects.filter(name=NAME).exists():
        # Loaded again: the students demo gave every student their programme's class anew.
        Student.objects.filter(mobilities__group__name=NAME).update(class_name=CLASS_NAME)
        return
    coordinator = User.objects.get(username="coordinator")
    lead, second = (User.objects.get(username=name) for name in ("supervisor", "supervisor2"))
    departure = timezone.localdate() + datetime.timedelta(days=DAYS_UNTIL_DEPARTURE)
    group = services.create_group(
        by=coordinator,
        staff=[lead],
        name=NAME,
        type=MobilityType.CLASS_EXCHANGE,
        destination_country="FR",
        destination_city="Lyon",
        departure_date=departure,
        return_date=departure + datetime.timedelta(days=NIGHTS),
        address_abroad="Lycée Lacassagne, 93 Rue Antoine Charial, 69003 Lyon (gastgezinnen)",
        notes="Uitwisseling met de zorgopleiding van het Lycée Lacassagne; "
        "tegenbezoek in het voorjaar.",
    )
    students = list(
        Student.objects.not_erased()
        .filter(mobilities__isnull=True)
        .order_by("student_number")[:MEMBERS]
    )
    # The students of the exchange are one class in the student information system: the
    # class the students demo gave them by programme is replaced by the exchange's own.
    Student.objects.filter(pk__in=[s.pk for s in students]).update(class_name=CLASS_NAME)
    # The demo's supervisor login supervises the students' stays: the second supervisor
    # joins the staff after they are added.
    services.add_members(group, by=coordinator, students=students)
    services.update_group(group, by=coordinator, version=None, changes={}, staff=[lead, second])
