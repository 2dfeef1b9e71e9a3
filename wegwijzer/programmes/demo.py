"""Demo programmes of a school with a hospitality, a care, a media and a technical side."""

import random

from wegwijzer.programmes.default_checklist import sync_default_template
from wegwijzer.programmes.models import Programme, TemplateItem

DEMO_PROGRAMMES = [
    {
        "qualification_code": "25181",
        "name": "Zelfstandig werkend kok",
        "level": 3,
        "abroad_mandatory": False,
        "minimum_age": None,
        "requirements": "Voldoende voor alle beroepsgerichte vakken in leerjaar 1.",
        "follows_international_ii": True,
    },
    {
        "qualification_code": "25655",
        "name": "Verzorgende-IG",
        "level": 3,
        "abroad_mandatory": False,
        "minimum_age": 17,
        "requirements": "Alleen bij erkende zorginstellingen; een VOG is nodig.",
        "follows_international_ii": False,
    },
    {
        "qualification_code": "25591",
        "name": "Mediavormgever",
        "level": 4,
        "abroad_mandatory": True,
        "minimum_age": None,
        "requirements": "Portfolio beoordeeld als voldoende; Engels op niveau B1.",
        "follows_international_ii": True,
    },
    {
        "qualification_code": "25532",
        "name": "Eerste monteur elektrotechnische installaties",
        "level": 3,
        "abroad_mandatory": False,
        "minimum_age": 18,
        "requirements": "VCA-diploma behaald.",
        "follows_international_ii": False,
    },
]


def load(*, rng: random.Random, password: str) -> None:
    # The default checklist comes with the migrations; after `manage.py flush` (or between
    # transactional tests) it is gone, and a demo without it would have empty checklists.
    sync_default_template(TemplateItem)
    for data in DEMO_PROGRAMMES:
        code = data["qualification_code"]
        defaults = {key: value for key, value in data.items() if key != "qualification_code"}
        Programme.objects.update_or_create(qualification_code=code, defaults=defaults)
