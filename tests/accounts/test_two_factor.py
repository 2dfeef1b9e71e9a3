import re
from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory
from wegwijzer.accounts import two_factor
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def code_for(secret: str) -> str:
    return f"{TOTP(unhexlify(secret)).token():06d}"


def set_up(user) -> tuple[TOTPDevice, list[str]]:
    secret = two_factor.new_secret()
    result = two_factor.turn_on(user, secret=secret, code=code_for(secret))
    assert result is not None
    return result


def next_code(device: TOTPDevice) -> str:
    # A code is accepted once; the next time step gives a fresh one.
    totp = TOTP(device.bin_key)
    totp.time += 30
    return f"{totp.token():06d}"


# Setting it up


def test_setup_page_shows_a_qr_code_as_inline_svg_and_the_key_to_type(client, supervisor):
    client.force_login(supervisor)

    response = client.get(reverse("two_factor:setup"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content and "<title>" in content
    assert re.search(r'<code class="secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>', content)
    assert "style=" not in content and "<script>" not in content and "data:" not in content


def test_setup_with_the_right_code_turns_it_on_and_shows_ten_codes_once(client, supervisor):
    client.force_login(supervisor)
    client.get(reverse("two_factor:setup"))
    secret = client.session["two_factor_setup_secret"]

    response = client.post(reverse("two_factor:setup"), {"code": code_for(secret)}, follow=True)

    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=supervisor, confirmed=True).key == secret
    assert client.get(reverse("two_factor:recovery-codes"))["Location"] == reverse(
        "two_factor:overview"
    )


def test_setup_with_a_wrong_code_says_so_and_stores_nothing(client, supervisor):
    client.force_login(supervisor)
    client.get(reverse("two_factor:setup"))

    response = client.post(reverse("two_factor:setup"), {"code": "000000"})

    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_setup_is_audited_without_the_secret(supervisor):
    device, _codes = set_up(supervisor)

    entry = AuditEntry.objects.get(object_id=str(supervisor.public_id))
    assert entry.changes == {"two_factor": ["off", "on"]}
    assert device.key not in str(entry.changes) + entry.note


def test_students_are_not_offered_two_factor(client, student):
    client.force_login(student)

    assert client.get(reverse("two_factor:overview")).status_code == 403
    assert client.get(reverse("two_factor:setup")).status_code == 403
    assert "Tweestapsverificatie" not in client.get(reverse("home")).content.decode()


# Logging in with it


def test_login_asks_for_a_code_after_the_password(client, supervisor):
    device, _codes = set_up(supervisor)

    response = client.post(
        reverse("login"), {"username": supervisor.username, "password": PASSWORD}
    )

    assert response["Location"] == reverse("two_factor:login")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("two_factor:login"), {"code": next_code(device)})
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(supervisor.pk)


def test_login_without_two_factor_needs_no_code(client, supervisor):
    response = client.post(
        reverse("login"), {"username": supervisor.username, "password": PASSWORD}
    )

    assert response["Location"] == "/"


def test_wrong_code_keeps_the_user_out(client, supervisor):
    set_up(supervisor)
    client.post(reverse("login"), {"username": supervisor.username, "password": PASSWORD})

    response = client.post(reverse("two_factor:login"), {"code": "123456"})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_logs_in_once(client, supervisor):
    _device, codes = set_up(supervisor)
    client.post(reverse("login"), {"username": supervisor.username, "password": PASSWORD})
    first = client.post(reverse("two_factor:login"), {"code": codes[0].upper()})
    client.logout()
    client.post(reverse("login"), {"username": supervisor.username, "password": PASSWORD})
    again = client.post(reverse("two_factor:login"), {"code": codes[0]})

    assert first.status_code == 302
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session
    assert StaticToken.objects.count() == 9


def test_recovery_code_login_says_how_many_are_left(client, supervisor):
    _device, codes = set_up(supervisor)
    client.post(reverse("login"), {"username": supervisor.username, "password": PASSWORD})

    response = client.post(reverse("two_factor:login"), {"code": codes[3]}, follow=True)

    assert client.session["_auth_user_id"] == str(supervisor.pk)
    assert "9 over" in response.content.decode()


def test_second_step_expires_after_five_minutes(client, supervisor):
    device, _codes = set_up(supervisor)
    client.post(reverse("login"), {"username": supervisor.username, "password": PASSWORD})
    session = client.session
    session["login_pending_code"]["until"] -= 5 * 60 + 1
    session.save()

    response = client.post(reverse("two_factor:login"), {"code": next_code(device)})

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_second_step_without_a_password_first_goes_back_to_login(client):
    response = client.get(reverse("two_factor:login"))

    assert response["Location"] == reverse("login")


def test_wrong_codes_count_towards_the_lockout(client, supervisor):
    device, _codes = set_up(supervisor)
    client.post(reverse("login"), {"username": supervisor.username, "password": PASSWORD})
    for _attempt in range(5):
        response = client.post(reverse("two_factor:login"), {"code": "999999"})

    assert response.status_code == 429
    response = client.post(reverse("two_factor:login"), {"code": next_code(device)})
    assert response.status_code in (302, 429)
    assert "_auth_user_id" not in client.session


# Enforcement for coordinators


def test_required_coordinator_without_app_is_sent_to_setup_from_every_page(
    client, coordinator, settings
):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    client.force_login(coordinator)

    for url in [reverse("home"), reverse("students:list"), reverse("users:list")]:
        assert client.get(url)["Location"] == reverse("two_factor:setup")
    assert client.get(reverse("two_factor:setup")).status_code == 200


def test_required_coordinator_can_still_log_out(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    client.force_login(coordinator)

    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_required_coordinator_gets_in_after_setting_it_up(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    client.force_login(coordinator)
    client.get(reverse("two_factor:setup"))
    secret = client.session["two_factor_setup_secret"]
    client.post(reverse("two_factor:setup"), {"code": code_for(secret)})

    response = client.get(reverse("home"))

    assert response.status_code == 200


def test_required_coordinator_logs_in_with_code_and_works(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    device, _codes = set_up(coordinator)
    client.post(reverse("login"), {"username": coordinator.username, "password": PASSWORD})
    client.post(reverse("two_factor:login"), {"code": next_code(device)})

    assert client.get(reverse("students:list")).status_code == 200


def test_required_coordinator_session_that_skipped_the_code_is_ended(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True
    set_up(coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_requirement_is_for_coordinators_only(client, supervisor, mentor, student, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = True

    for user in (supervisor, mentor, student):
        client.force_login(user)
        assert client.get(reverse("home")).status_code == 200


def test_requirement_off_lets_a_coordinator_work_without(client, coordinator, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS = False
    client.force_login(coordinator)

    assert client.get(reverse("home")).status_code == 200


# Turning it off and new codes


def test_turning_off_asks_for_the_password(client, supervisor):
    set_up(supervisor)
    client.force_login(supervisor)

    refused = client.post(reverse("two_factor:off"), {"confirmation": "wrong"})
    assert "noch je wachtwoord" in refused.content.decode()
    assert TOTPDevice.objects.exists()

    client.post(reverse("two_factor:off"), {"confirmation": PASSWORD})
    assert not TOTPDevice.objects.exists()
    assert not StaticToken.objects.exists()
    assert AuditEntry.objects.filter(changes={"two_factor": ["on", "off"]}).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, supervisor):
    device, old_codes = set_up(supervisor)
    client.force_login(supervisor)

    response = client.post(
        reverse("two_factor:new-codes"), {"confirmation": next_code(device)}, follow=True
    )

    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new_codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)
    assert not set(old_codes) & set(new_codes)
    assert AuditEntry.objects.filter(note="new recovery codes").count() == 1


def test_overview_says_whether_it_is_on(client, mentor):
    client.force_login(mentor)
    assert (
        "Tweestapsverificatie staat uit"
        in client.get(reverse("two_factor:overview")).content.decode()
    )

    set_up(mentor)
    content = client.get(reverse("two_factor:overview")).content.decode()
    assert "Tweestapsverificatie staat aan" in content
    assert "10 ongebruikte herstelcodes" in content


def test_qr_code_names_the_user_and_wegwijzer():
    user = UserFactory.build(username="j.devries", role=Role.MENTOR)

    svg = two_factor.qr_code_svg(user, two_factor.new_secret())

    assert svg.startswith('<svg role="img"') and "style" not in svg
    assert "<title>QR-code om te scannen" in svg
