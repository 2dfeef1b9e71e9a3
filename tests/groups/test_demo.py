import pytest
from django.core.management import call_command

from wegwijzer.groups.models import GroupStay
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db


def test_demo_has_one_class_exchange_with_its_students_and_staff(settings):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    group = GroupStay.objects.get()
    members = Mobility.objects.filter(group=group).select_related("student", "supervisor")
    assert 6 <= members.count() <= 8
    assert {member.student.class_name for member in members} == {"VZ3A"}
    assert all(member.items.exists() for member in members)
    assert {member.supervisor.username for member in members if member.supervisor} == {"supervisor"}
    assert sorted(group.staff.values_list("username", flat=True)) == ["supervisor", "supervisor2"]
