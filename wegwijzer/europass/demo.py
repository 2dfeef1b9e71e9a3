"""Demo: a returned student with an issued Europass Mobility, and one draft."""

import random

from wegwijzer.accounts.models import User
from wegwijzer.europass import services
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.mobilities.models import Mobility

# (student number, issued, activities, skills): the demo's stays back home (mobilities.demo).
DEMO_EUROPASSES = [
    ("540021", True,
     "Worked at the reception of a four-star hotel: checked guests in and out, handled "
     "bookings in the hotel's system and answered questions by phone and e-mail.",
     "Communicating with guests in English\nWorking with a booking system\n"
     "Handling complaints calmly\nWorking in an international team"),
    ("540019", False,
     "Assisted the video editors of a media company: cut footage, prepared subtitles and "
     "archived the material of each production.",
     "Video editing\nWorking to deadlines"),
]  # fmt: skip


def load(*, rng: random.Random, password: str) -> None:
    if EuropassMobility.objects.exists() or services.missing_settings():
        return
    coordinator = User.objects.get(username="coordinator")
    for number, issued, activities, skills in DEMO_EUROPASSES:
        mobility = (
            Mobility.objects.filter(student__student_number=number)
            .select_related("student__programme", "host_company")
            .first()
        )
        if mobility is None or not services.is_due(mobility):
            continue
        values = services.draft_values(mobility) | {
            "activities": activities,
            "skills": services.draft_values(mobility)["skills"] or skills,
            "language": "English",
        }
        europass = services.save_draft(mobility, by=coordinator, version=None, values=values)
        if issued:
            services.issue(europass, by=coordinator, version=europass.version)
