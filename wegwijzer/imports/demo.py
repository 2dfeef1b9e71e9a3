"""The columns of the Magister sample export, saved once as a coordinator would on the
dry-run page: its headings (Stamnr, Tussenv., Studie) are not recognised by themselves.
The sample files are in imports/samples and can be downloaded from the import page."""

import random

from wegwijzer.imports.models import ImportKind, ImportMapping

MAGISTER_COLUMNS = {
    "stamnr": "student_number",
    "tussenv": "prefix",
    "studie": "programme",
    "emailverz": "guardian_email",
}


def load(*, rng: random.Random, password: str) -> None:
    ImportMapping.objects.update_or_create(
        name="Magister", kind=ImportKind.STUDENTS, defaults={"columns": MAGISTER_COLUMNS}
    )
