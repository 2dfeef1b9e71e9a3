import datetime

import pytest

from tests.factories import MobilityFactory
from wegwijzer.accounts.models import User
from wegwijzer.learning import services
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step
from wegwijzer.students.models import Student


def in_step(mobility: Mobility, step: int) -> Mobility:
    """The stay moved to a step the way a test needs it, without the moves' own rules."""
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    return mobility


@pytest.fixture
def stay(db, student: User, supervisor: User, mentor: User) -> Mobility:
    """The fixture student's stay, abroad since a week, supervised by the fixture supervisor
    and mentored by the fixture mentor."""
    own = Student.objects.get(user=student)
    Student.objects.filter(pk=own.pk).update(mentor=mentor)
    today = datetime.date.today()
    mobility = MobilityFactory.create(
        student=own,
        supervisor=supervisor,
        departure_date=today - datetime.timedelta(days=7),
        return_date=today + datetime.timedelta(days=60),
    )
    return in_step(mobility, Step.ABROAD)


@pytest.fixture
def back_home(stay: Mobility) -> Mobility:
    return in_step(stay, Step.BACK_HOME)


def add_goals(mobility: Mobility, by: User, *goals: str) -> None:
    seen = mobility.learning_goals.count()
    for number, goal in enumerate(goals, start=seen):
        services.add_goal(mobility, by=by, seen=number, goal=goal, tasks="")
