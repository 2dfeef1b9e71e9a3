"""What each role gets on a GET of each links URL (the POSTs are tested in test_sending)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.links.helpers import make_link, minor_mobility
from wegwijzer.students.models import Student

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", "mentor", "supervisor", "coordinator"]


def login(client, request, role, mobility):
    if role == "anonymous":
        return
    user = request.getfixturevalue(role)
    # Each logged-in role can see the mobility, so what is tested is the URL itself.
    if role == "student":
        Student.objects.filter(user=user).update(user=None)
        mobility.student.user = user
        mobility.student.save()
    elif role == "mentor":
        mobility.student.mentor = user
        mobility.student.save()
    elif role == "supervisor":
        mobility.supervisor = user
        mobility.save()
    client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_link_pages_answer_every_role_alike(client, request, role):
    mobility = minor_mobility()
    login(client, request, role, mobility)
    _valid, valid = make_link(mobility, "host_agreement")
    _expired, expired = make_link(mobility, expires_at=timezone.now())

    assert client.get(reverse("links:open", args=[valid])).status_code == 200
    assert client.get(reverse("links:open", args=[expired])).status_code == 410
    assert client.get(reverse("links:open", args=["made-up"])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_schools_link_urls_take_posts_only(client, request, role):
    mobility = minor_mobility()
    link, _token = make_link(mobility)
    login(client, request, role, mobility)
    expected = 302 if role == "anonymous" else 405

    for name, public_id in [
        ("links:send", mobility.public_id),
        ("links:revoke", link.public_id),
        ("links:resend", link.public_id),
    ]:
        assert client.get(reverse(name, args=[public_id])).status_code == expected
