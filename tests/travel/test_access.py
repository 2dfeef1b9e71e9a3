import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.travel.helpers import make_country
from wegwijzer import access
from wegwijzer.accounts.models import Role
from wegwijzer.travel.models import Colour

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "may_see", "may_set"),
    [
        (Role.COORDINATOR, True, True),
        (Role.SUPERVISOR, True, False),
        (Role.MENTOR, True, False),
        (Role.STUDENT, False, False),
    ],
)
def test_staff_read_travel_advice_and_only_coordinators_set_a_colour(
    request, role, may_see, may_set
):
    user = request.getfixturevalue(str(role))
    spain = make_country("ES", Colour.YELLOW)

    assert access.can_see_travel_advice(user) is may_see
    assert access.can_set_travel_colour(user) is may_set
    if may_see:
        assert access.country_for(user, "es") == spain
    else:
        with pytest.raises(PermissionDenied):
            access.country_for(user, "ES")


def test_an_unknown_country_is_not_found(coordinator):
    with pytest.raises(Http404):
        access.country_for(coordinator, "XX")
