import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from wegwijzer.accounts.models import Role, User
from wegwijzer.hosts.models import HostCompany
from wegwijzer.programmes.models import Programme
from wegwijzer.students.models import Student

pytestmark = pytest.mark.django_db


def school_snapshot() -> dict[str, object]:
    return {
        "programmes": sorted(Programme.objects.values_list("qualification_code", "name")),
        "students": sorted(
            Student.objects.values_list("student_number", "first_name", "last_name", "mentor")
        ),
        "hosts": sorted(HostCompany.objects.values_list("name", "country", "city")),
        "users": sorted(User.objects.values_list("username", "role")),
    }


def test_demo_creates_a_realistic_school(settings):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")

    assert Programme.objects.count() >= 3
    assert 35 <= Student.objects.count() <= 45
    assert HostCompany.objects.values("country").distinct().count() >= 8
    for username in ("coordinator", "supervisor", "mentor", "student"):
        user = User.objects.get(username=username)
        assert user.role == username
        assert user.check_password("wegwijzer-demo")
    assert Student.objects.get(user__username="student").mentor == User.objects.get(
        username="mentor"
    )
    assert Student.objects.filter(mentor__role=Role.MENTOR).count() == Student.objects.count()
    # A class to select on the students list: every student is in one, a class has several.
    assert not Student.objects.filter(class_name="").exists()
    assert Student.objects.filter(class_name="VZ2A").count() >= 3


def test_demo_run_twice_gives_the_same_school(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    first = school_snapshot()

    call_command("load_demo", "--quiet-logins")

    assert school_snapshot() == first


def test_demo_prints_the_logins(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo")

    output = capsys.readouterr().out
    assert "coordinator  password: wegwijzer-demo" in output
    assert "student      password: wegwijzer-demo" in output


def test_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run when DEBUG is off"):
        call_command("load_demo")

    assert User.objects.count() == 0


def test_demo_reload_turns_off_two_factor_a_visitor_tried(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    TOTPDevice.objects.create(user=User.objects.get(username="coordinator"), confirmed=True)

    call_command("load_demo", "--quiet-logins")

    assert not TOTPDevice.objects.exists()


def test_demo_coordinator_first_page_is_red_only_for_really_late_required_items(settings, client):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    client.force_login(User.objects.get(username="coordinator"))
    today = timezone.localdate()

    response = client.get(reverse("home"))

    grace = datetime.timedelta(days=settings.CHECKLIST_GRACE_DAYS)
    listed = list(response.context["page"].object_list)
    for mobility in listed:
        late = [item for item in mobility.items.all() if item.is_overdue(today)]
        assert mobility.is_overdue == bool(late)
        for item in late:
            assert item.required and item.step <= mobility.step
            assert item.due_date >= timezone.localdate(mobility.created_at) + grace
    content = response.content.decode()
    # Rows of the list (the "needs attention" panel above it has late follow-ups of its own).
    rows = content.count('<tr class="is-overdue"')
    assert rows == sum(m.is_overdue for m in listed) < len(listed)


def test_demo_mentor_sees_interest_and_supervisor_has_a_phone(settings, client):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    mentor = User.objects.get(username="mentor")
    client.force_login(mentor)

    content = client.get(reverse("home")).content.decode()

    assert '<option value="interested" selected>Heeft interesse</option>' in content
    assert '<option value="not_now" selected>Nu niet</option>' in content
    assert User.objects.get(username="supervisor").phone
    assert Student.objects.filter(medical_on_card=True).exclude(medical_notes="").exists()
