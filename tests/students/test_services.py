import datetime

import pytest

from tests.factories import (
    GuardianFactory,
    MobilityFactory,
    OwnTemplateItemFactory,
    ProgrammeFactory,
    StudentFactory,
)
from wegwijzer.audit.models import AuditEntry
from wegwijzer.mobilities.models import Outcome
from wegwijzer.mobilities.services import complete_item
from wegwijzer.students import services
from wegwijzer.students.models import Guardian

pytestmark = pytest.mark.django_db

CONSENT = "decision-guardian-consent"
# Old enough for no consent, and young enough to need it on a departure in four months.
ADULT = datetime.date(2000, 1, 1)
SIXTEEN = datetime.date.today() - datetime.timedelta(days=16 * 365)


def consent_applies(mobility) -> bool:
    return mobility.items.filter(template_item__key=CONSENT, applicable=True).exists()


def test_younger_date_of_birth_adds_the_guardian_consent_and_keeps_done_items(coordinator):
    student = StudentFactory.create(date_of_birth=ADULT)
    mobility = MobilityFactory.create(student=student)
    done = mobility.items.get(template_item__key="orientation-information")
    complete_item(done, by=coordinator, version=done.version, done_on=datetime.date.today())
    assert not consent_applies(mobility)

    services.update_student(
        student, by=coordinator, version=None, changes={"date_of_birth": SIXTEEN}
    )

    assert consent_applies(mobility)
    done.refresh_from_db()
    assert done.status == "done"


def test_older_date_of_birth_marks_the_consent_as_no_longer_applying(coordinator):
    student = StudentFactory.create(date_of_birth=SIXTEEN)
    mobility = MobilityFactory.create(student=student)

    services.update_student(student, by=coordinator, version=None, changes={"date_of_birth": ADULT})

    assert not consent_applies(mobility)
    assert mobility.items.filter(template_item__key=CONSENT, applicable=False).exists()


def test_closed_mobilities_keep_their_checklist_when_the_birth_date_changes(coordinator):
    student = StudentFactory.create(date_of_birth=ADULT)
    closed = MobilityFactory.create(student=student)
    closed.outcome = Outcome.CANCELLED
    closed.save(update_fields=["outcome"])

    services.update_student(
        student, by=coordinator, version=None, changes={"date_of_birth": SIXTEEN}
    )

    assert not closed.items.filter(template_item__key=CONSENT).exists()


def test_new_programme_brings_its_own_items_to_open_mobilities(coordinator):
    student = StudentFactory.create()
    mobility = MobilityFactory.create(student=student)
    new_programme = ProgrammeFactory.create()
    own = OwnTemplateItemFactory.create(programme=new_programme)

    services.update_student(
        student, by=coordinator, version=None, changes={"programme": new_programme}
    )

    assert mobility.items.filter(template_item=own, applicable=True).exists()


def test_update_without_a_difference_records_nothing(coordinator):
    student = StudentFactory.create(year=2)

    services.update_student(student, by=coordinator, version=None, changes={"year": 2})

    assert not AuditEntry.objects.filter(student=student).exists()


def test_create_student_records_the_student(coordinator):
    programme = ProgrammeFactory.create()

    student = services.create_student(
        by=coordinator, first_name="Emma", last_name="Visser", student_number="1",
        date_of_birth=ADULT, programme=programme, year=1,
    )  # fmt: skip

    entry = AuditEntry.objects.get(student=student)
    assert entry.action == "create" and entry.object_label == "Emma Visser"


def test_people_are_added_changed_and_removed_with_audit_entries(coordinator):
    student = StudentFactory.create()
    staying = GuardianFactory.create(student=student, phone="1")
    leaving = GuardianFactory.create(student=student)
    changes = services.PeopleChanges(
        added=[{"name": "New", "relationship": "", "email": "", "phone": ""}],
        changed=[(staying, {"phone": "2"})],
        removed=[leaving],
    )

    services.save_people(student, by=coordinator, model=Guardian, changes=changes)

    assert sorted(student.guardians.values_list("name", "phone")) == sorted(
        [(staying.name, "2"), ("New", "")]
    )
    actions = AuditEntry.objects.filter(student=student).values_list("action", flat=True)
    assert sorted(actions) == ["change", "create", "delete"]
