import datetime

import pytest
from django.utils import timezone

from tests.documents.samples import PDF, upload
from tests.factories import HostCompanyFactory, MobilityFactory, ProgrammeFactory, UserFactory
from tests.links.helpers import make_link
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.care import services as care_services
from wegwijzer.care.models import RollCall, RollCallEntry
from wegwijzer.documents.services import store_document
from wegwijzer.links.models import Purpose
from wegwijzer.links.services import submit_link
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Decision, DecisionChoice
from wegwijzer.students import services
from wegwijzer.students.services import PeopleChanges

# Distinctive values: after an erasure none of them may be found anywhere in the database.
FIRST, LAST, EMAIL, NUMBER = "Zebedeus", "Quackenbosch", "zebedeus.q@privacy.example", "ZQ-987654"
MEDICAL = "Allergic to peanuts, carries an EpiPen"
PASSPORT, INSURANCE = "NX7K2P9Q4", "POL-55-ZQ-0001"


@pytest.fixture
def account(db):
    return UserFactory.create(
        username="zq-login", role=Role.STUDENT, first_name=FIRST, last_name=LAST, email=EMAIL
    )


@pytest.fixture
def full_student(db, coordinator, supervisor, account, programme_with_checklist):
    """A student with everything Wegwijzer can hold about one, made through the services."""
    # The account was invited by the coordinator, which the audit trail keeps.
    record(by=coordinator, action=Action.CREATE, obj=account, changes={"email": ("", EMAIL)})
    student = services.create_student(
        by=coordinator,
        first_name=FIRST, last_name=LAST, student_number=NUMBER, email=EMAIL,
        phone="+31 6 55501234", date_of_birth=datetime.date(2007, 6, 15),
        programme=programme_with_checklist, year=2, user=account,
        medical_notes=MEDICAL, passport_number=PASSPORT, health_insurer="Zilveren Kruis",
        insurance_number=INSURANCE, passport_expiry=datetime.date(2030, 1, 31),
        medical_on_card=True, abroad_interest="interested",
        guardians=PeopleChanges(added=[{
            "name": f"Moeder {LAST}", "relationship": "mother", "email": "moeder@privacy.example",
            "phone": "+31 6 55509876",
        }]),
        emergency_contacts=PeopleChanges(added=[{
            "name": f"Oom {LAST}", "relationship": "uncle", "email": "",
            "phone": "+31 6 55504321",
        }]),
    )  # fmt: skip
    mobility = MobilityFactory.create(
        student=student, by=coordinator, supervisor=supervisor, destination_city="Valencia",
        address_abroad=f"Calle Mayor 1, c/o {LAST}", host_company=HostCompanyFactory.create(),
    )  # fmt: skip
    # The host company answered its link, naming the student; then evaluated the stay.
    link, _token = make_link(mobility, Purpose.HOST_AGREEMENT)
    submit_link(
        link, name=f"Carmen, tutor of {FIRST}", ip="192.0.2.7",
        answers={"supervisor_name": "Carmen Ruiz", "remarks": f"{FIRST} {LAST} is welcome"},
    )  # fmt: skip
    make_link(
        mobility, Purpose.HOST_EVALUATION, used_at=timezone.now(), submitted_name="Carmen",
        answers={"welcomes_more": "yes", "strengths": f"{FIRST} was punctual"},
    )  # fmt: skip
    item, other = mobility.items.all()[:2]
    mobility_services.complete_item(
        item, by=account, version=item.version, done_on=datetime.date.today(),
        note=f"Done by {FIRST}",
    )  # fmt: skip
    mobility_services.waive_item(
        other, by=coordinator, version=other.version, reason=f"{FIRST} has it already"
    )
    store_document(
        by=account, mobility=mobility, item=item,
        upload=upload(f"Paspoort {FIRST} {LAST}.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip
    Decision.objects.create(
        mobility=mobility, decision=DecisionChoice.GO, decided_by=coordinator,
        decided_on=datetime.date.today(), reason=f"{FIRST} is ready",
    )  # fmt: skip
    # An incident, and an answer to a roll call, each with free text about the student.
    care_services.log_incident(
        mobility, by=supervisor, kind="illness",
        severity="minor", occurred_on=datetime.date.today(),
        description=f"{FIRST} had a fever", actions_taken=f"Called {FIRST}'s mother",
        follow_up_on=None,
    )  # fmt: skip
    roll_call = RollCall.objects.create(message="Storm in Valencia", started_by=coordinator)
    entry = RollCallEntry.objects.create(roll_call=roll_call, mobility=mobility, email=EMAIL)
    care_services.record_answer(
        entry, answer="help", message=f"{FIRST} here, the water is rising",
        location=f"Calle Mayor 1, c/o {LAST}", ip="192.0.2.9",
    )  # fmt: skip
    mobility_services.cancel_mobility(
        mobility, by=coordinator, reason=f"Family {LAST} moved", on=datetime.date.today()
    )
    student.refresh_from_db()
    return student


@pytest.fixture
def programme_with_checklist(db):
    return ProgrammeFactory.create()
