"""The learning gates of wegwijzer/access.py, for every role, own stay and another's."""

import pytest
from django.http import Http404

from tests.factories import MobilityFactory, StudentFactory, UserFactory
from wegwijzer import access
from wegwijzer.accounts.models import Role

pytestmark = pytest.mark.django_db

GATES = (
    access.can_see_learning,
    access.can_keep_goals,
    access.can_write_reflection,
    access.can_respond_to_reflection,
)

# role: (see, keep goals, write the reflection, respond) on the role's own stay.
OWN = {
    "coordinator": (True, True, False, True),
    "supervisor": (True, True, False, True),
    "mentor": (True, False, False, True),
    "student": (True, False, True, False),
}


@pytest.mark.parametrize("role", sorted(OWN))
def test_each_role_on_its_own_stay(request, stay, role):
    user = request.getfixturevalue(role)

    assert tuple(gate(user, stay) for gate in GATES) == OWN[role]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def test_nobody_but_the_coordinator_has_a_say_on_another_stay(role):
    stranger = UserFactory.create(role=role)
    mobility = MobilityFactory.create(student=StudentFactory.create())

    assert [gate(stranger, mobility) for gate in GATES] == [False] * 4


def test_a_goal_of_another_stay_is_not_found(stay, supervisor):
    goal = stay.learning_goals.create(goal="Zelfstandig werken")
    other_supervisor = UserFactory.create(role=Role.SUPERVISOR)

    assert access.goal_for(supervisor, goal.public_id) == goal
    with pytest.raises(Http404):
        access.goal_for(other_supervisor, goal.public_id)
