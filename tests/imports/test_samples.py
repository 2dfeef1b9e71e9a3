"""The sample exports shipped with the demo read as the import page promises."""

import pytest
from django.utils import translation

from tests.factories import ProgrammeFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.imports import services
from wegwijzer.imports.demo import MAGISTER_COLUMNS
from wegwijzer.imports.models import ImportMapping
from wegwijzer.imports.views import SAMPLES, SAMPLES_DIR
from wegwijzer.programmes.demo import DEMO_PROGRAMMES


@pytest.fixture
def demo_school(db):
    for data in DEMO_PROGRAMMES:
        ProgrammeFactory.create(qualification_code=data["qualification_code"], name=data["name"])
    for username in ("mentor", "mentor2", "mentor3"):
        UserFactory.create(
            username=username, email=f"{username}@demo.wegwijzer.example", role=Role.MENTOR
        )


def plan_of(name: str, mapping: ImportMapping | None = None) -> services.Plan:
    content = (SAMPLES_DIR / name).read_bytes()
    run = services.start_import(
        by=None, kind="students", filename=name, content=content, mapping=mapping
    )
    with translation.override("en"):
        return services.plan_of(run)


def test_the_eduarte_sample_has_30_students_and_one_typing_error(demo_school):
    plan = plan_of("eduarte-studenten.csv")

    assert len(plan.created) == 30
    assert [row.reasons for row in plan.refused] == [
        ["The date of birth “31-02-2008” is not a date."]
    ]
    assert sum(len(row.extra) for row in plan.created) == 36


def test_the_magister_sample_needs_its_saved_columns(demo_school):
    mapping = ImportMapping.objects.create(
        name="Magister", kind="students", columns=MAGISTER_COLUMNS
    )

    assert len(plan_of("magister-leerlingen.xlsx").created) == 0
    plan = plan_of("magister-leerlingen.xlsx", mapping)

    assert (len(plan.created), len(plan.refused)) == (30, 0)
    assert all(row.values["mentor"] and row.extra for row in plan.created)


def test_the_osiris_sample_has_30_students_and_one_duplicate(demo_school):
    plan = plan_of("osiris-studenten.csv")

    assert len(plan.created) == 30
    assert [row.reasons[0].endswith("is also on line 5 of the file.") for row in plan.refused] == [
        True
    ]


def test_every_sample_is_shipped():
    assert sorted(path.name for path in SAMPLES_DIR.iterdir()) == sorted(SAMPLES)
