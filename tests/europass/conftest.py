import datetime

import pytest

from tests.factories import HostCompanyFactory, MobilityFactory
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

FIRST = datetime.date(2025, 3, 3)
LAST = datetime.date(2025, 5, 30)


@pytest.fixture(autouse=True)
def _school(settings):
    settings.SCHOOL_NAME = "ROC Voorbeeld"
    settings.SCHOOL_LEGAL_IDENTIFIER = "12345678"
    settings.SCHOOL_CITY = "Utrecht, NL"


def back_home(**facts) -> Mobility:
    """A stay in step 5, back from Valencia."""
    host = HostCompanyFactory.create(name="Hotel Sol y Mar", city="Valencia", country="ES")
    mobility = MobilityFactory.create(
        **{
            "host_company": host,
            "departure_date": FIRST,
            "return_date": LAST,
            **facts,
        }
    )
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.BACK_HOME)
    mobility.refresh_from_db()
    return mobility


@pytest.fixture
def mobility(coordinator, supervisor, mentor, student) -> Mobility:
    student.student.mentor = mentor
    student.student.save(update_fields=["mentor"])
    return back_home(supervisor=supervisor, student=student.student)


DRAFT = {
    "objective": "Learn to run a hotel reception.",
    "activities": "Checked guests in and out.\nAnswered the phone in Spanish.",
    "skills": "Spanish at B1\nCustomer service",
    "language": "Spanish, English",
    "mentor_name": "Ana Ruiz",
}


@pytest.fixture(autouse=True)
def _english(english_messages):
    """Messages raised outside a request read in English here, as the tests match them."""
