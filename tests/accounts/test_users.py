import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from tests.accounts.test_two_factor import set_up
from tests.factories import PASSWORD, StudentFactory, UserFactory
from wegwijzer.accounts import two_factor
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def entries_for(user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_id=str(user.public_id)).order_by("pk"))


def invite(client, django_capture_on_commit_callbacks, **data):
    values = {"first_name": "Noor", "last_name": "Bakker", "email": "N.Bakker@school.example",
              "role": Role.MENTOR} | data  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("users:invite"), values)


# Who may manage accounts


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def test_only_coordinators_reach_the_account_pages(client, request, role, coordinator):
    client.force_login(request.getfixturevalue(str(role)))

    for url in [
        reverse("users:list"),
        reverse("users:invite"),
        reverse("users:detail", args=[coordinator.public_id]),
    ]:
        assert client.get(url).status_code == 403
    response = client.post(reverse("users:deactivate", args=[coordinator.public_id]))
    assert response.status_code == 403
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_accounts_are_in_the_coordinators_navigation_only(client, coordinator, mentor):
    client.force_login(coordinator)
    assert 'href="/users/"' in client.get("/").content.decode()
    client.force_login(mentor)
    assert 'href="/users/"' not in client.get("/").content.decode()


def test_unknown_account_is_404(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("users:detail", args=["8c4a0f6e-2f1e-4b9e-9d1a-000000000000"]))

    assert response.status_code == 404


# The list


def test_list_shows_each_account_with_role_status_and_two_factor(client, coordinator, mentor):
    set_up(mentor)
    UserFactory.create(username="gone", first_name="Oud", last_name="Collega", is_active=False)
    client.force_login(coordinator)

    content = client.get(reverse("users:list")).content.decode()

    assert mentor.get_full_name() in content and mentor.email in content
    assert "Oud Collega" in content and "nee, gedeactiveerd" in content
    assert '<td data-label="Tweestapsverificatie">aan</td>' in content
    assert "nooit" in content


def test_list_searches_name_username_and_email(client, coordinator):
    UserFactory.create(first_name="Zwaan", email="z@school.example")
    UserFactory.create(first_name="Anders")
    client.force_login(coordinator)

    response = client.post(reverse("users:list"), {"q": "zwaan"}, follow=True)
    assert response.redirect_chain == [(reverse("users:list"), 302)]
    content = response.content.decode()

    assert "Zwaan" in content and "Anders" not in content


def test_list_filters_on_role(client, coordinator, mentor, supervisor):
    client.force_login(coordinator)

    page = client.get(reverse("users:list"), {"role": Role.MENTOR}).context["page"]

    assert list(page.object_list) == [mentor]


@pytest.mark.parametrize("count", [5, 60])
def test_list_queries_do_not_grow_with_accounts(
    client, coordinator, count, django_assert_max_num_queries
):
    for user in UserFactory.create_batch(count, role=Role.MENTOR)[:3]:
        set_up(user)
    client.force_login(coordinator)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("users:list"))

    assert response.status_code == 200


# Inviting


def test_invite_makes_an_account_without_password_and_mails_a_working_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    response = invite(client, django_capture_on_commit_callbacks)

    account = User.objects.get(email="n.bakker@school.example")
    assert response["Location"] == reverse("users:detail", args=[account.public_id])
    assert account.username == "n.bakker@school.example"
    assert account.role == Role.MENTOR and not account.has_usable_password()
    message = mail.outbox[0]
    assert message.to == ["n.bakker@school.example"]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", str(message.body))
    assert link
    client.logout()
    form = client.get(link.group(1), follow=True)
    assert form.context["validlink"] is True
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "een-lang-wachtwoord-2026", "new_password2": "een-lang-wachtwoord-2026"},
    )
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.check_password("een-lang-wachtwoord-2026")


def test_invite_is_audited_with_the_values_given(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    invite(client, django_capture_on_commit_callbacks)

    [entry] = entries_for(User.objects.get(email="n.bakker@school.example"))
    assert entry.action == Action.CREATE and entry.actor == coordinator
    assert entry.changes["role"] == ["", "mentor"]
    assert entry.changes["email"] == ["", "n.bakker@school.example"]
    assert "password" not in entry.changes


def test_invite_a_student_links_the_student_record(
    client, coordinator, django_capture_on_commit_callbacks
):
    record = StudentFactory.create()
    client.force_login(coordinator)

    invite(client, django_capture_on_commit_callbacks, role=Role.STUDENT, student=record.public_id)

    record.refresh_from_db()
    assert record.user is not None and record.user.role == Role.STUDENT
    assert AuditEntry.objects.filter(object_id=str(record.public_id)).get().changes == {
        "user": ["", "n.bakker@school.example"]
    }


def test_invite_a_student_without_a_record_changes_nothing(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    response = invite(client, django_capture_on_commit_callbacks, role=Role.STUDENT)

    assert "Kies de student bij wie dit account hoort" in response.content.decode()
    assert not User.objects.filter(email="n.bakker@school.example").exists()
    assert not mail.outbox


def test_invite_with_a_used_email_changes_nothing(
    client, coordinator, mentor, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    response = invite(client, django_capture_on_commit_callbacks, email=mentor.email.upper())

    assert "Er is al een account met dit e-mailadres" in response.content.decode()
    assert User.objects.count() == 2
    assert not mail.outbox


def test_invitation_can_be_sent_again_until_a_password_is_chosen(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    invite(client, django_capture_on_commit_callbacks)
    account = User.objects.get(email="n.bakker@school.example")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("users:resend-invitation", args=[account.public_id]))

    assert len(mail.outbox) == 2
    assert entries_for(account)[-1].note == "invitation sent again"


# Deactivating, reactivating, changing the role


def test_deactivate_stops_the_login_and_is_audited(client, coordinator, mentor):
    client.force_login(coordinator)

    response = client.post(reverse("users:deactivate", args=[mentor.public_id]), follow=True)

    mentor.refresh_from_db()
    assert not mentor.is_active
    assert "kan niet meer inloggen" in response.content.decode()
    [entry] = entries_for(mentor)
    assert entry.action == Action.CHANGE and entry.actor == coordinator
    assert entry.changes == {"is_active": ["True", "False"]}


def test_deactivated_user_is_logged_out_of_open_sessions(client, coordinator, mentor):
    client.force_login(mentor)
    mentor.is_active = False
    mentor.save()

    assert client.get("/").status_code == 302


def test_reactivate_is_audited(client, coordinator):
    gone = UserFactory.create(role=Role.MENTOR, is_active=False)
    client.force_login(coordinator)

    client.post(reverse("users:reactivate", args=[gone.public_id]))

    gone.refresh_from_db()
    assert gone.is_active
    assert entries_for(gone)[0].changes == {"is_active": ["False", "True"]}


def test_change_role_is_audited(client, coordinator, mentor):
    client.force_login(coordinator)

    client.post(reverse("users:role", args=[mentor.public_id]), {"role": Role.SUPERVISOR})

    mentor.refresh_from_db()
    assert mentor.role == Role.SUPERVISOR
    assert entries_for(mentor)[0].changes == {"role": ["mentor", "supervisor"]}


def test_change_role_to_student_is_refused(client, coordinator, mentor):
    client.force_login(coordinator)

    response = client.post(reverse("users:role", args=[mentor.public_id]), {"role": Role.STUDENT})

    mentor.refresh_from_db()
    assert mentor.role == Role.MENTOR
    assert "Kies een van de aangeboden rollen" in response.content.decode()
    assert not entries_for(mentor)


def test_student_account_keeps_its_role(client, coordinator, student):
    client.force_login(coordinator)

    response = client.post(
        reverse("users:role", args=[student.public_id]), {"role": Role.COORDINATOR}, follow=True
    )

    student.refresh_from_db()
    assert student.role == Role.STUDENT
    assert "Alleen de rol van een medewerker" in response.content.decode()


def test_coordinator_cannot_deactivate_or_demote_themselves(client, coordinator):
    client.force_login(coordinator)

    deactivated = client.post(
        reverse("users:deactivate", args=[coordinator.public_id]), follow=True
    )
    demoted = client.post(
        reverse("users:role", args=[coordinator.public_id]), {"role": Role.MENTOR}, follow=True
    )

    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.role == Role.COORDINATOR
    assert "Je kunt je eigen account niet deactiveren" in deactivated.content.decode()
    assert "Je kunt je eigen rol niet wijzigen" in demoted.content.decode()
    assert not entries_for(coordinator)


# Two-factor reset


def test_coordinator_resets_someones_two_factor_and_it_is_audited(client, coordinator, mentor):
    set_up(mentor)
    client.force_login(coordinator)

    client.post(reverse("users:reset-two-factor", args=[mentor.public_id]))

    assert not two_factor.has_two_factor(mentor)
    last = entries_for(mentor)[-1]
    assert last.actor == coordinator and last.changes == {"two_factor": ["on", "off"]}


def test_detail_shows_the_accounts_history(client, coordinator, mentor):
    client.force_login(coordinator)
    client.post(reverse("users:role", args=[mentor.public_id]), {"role": Role.SUPERVISOR})

    content = client.get(reverse("users:detail", args=[mentor.public_id])).content.decode()

    assert 'Rol: studieloopbaanbegeleider <span aria-hidden="true">→</span>' in content
    assert "stagebegeleider</li>" in content
    assert escape(str(coordinator)) in content


def test_choosing_the_first_password_is_audited_without_the_hash(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    invite(client, django_capture_on_commit_callbacks)
    client.logout()
    link = re.search(r"http://testserver(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert link
    form = client.get(link.group(1), follow=True)

    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "een-lang-wachtwoord-2026", "new_password2": "een-lang-wachtwoord-2026"},
    )

    account = User.objects.get(email="n.bakker@school.example")
    last = entries_for(account)[-1]
    assert last.actor == account and last.note == "password chosen through an e-mailed link"
    assert account.password not in str(last.changes)


def test_changing_the_password_is_audited(client, mentor):
    client.force_login(mentor)

    new = "nieuw-wachtwoord-2026"
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    [entry] = entries_for(mentor)
    assert entry.note == "password changed" and entry.actor == mentor


def test_coordinator_cannot_reset_their_own_two_factor_here(client, coordinator):
    set_up(coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("users:reset-two-factor", args=[coordinator.public_id]), follow=True
    )

    assert two_factor.has_two_factor(coordinator)
    assert "Zet je eigen tweestapsverificatie uit" in response.content.decode()


# A staff member's phone, for the emergency card


def test_coordinator_sets_a_supervisors_phone(client, coordinator, supervisor):
    client.force_login(coordinator)

    response = client.post(
        reverse("users:phone", args=[supervisor.public_id]), {"phone": "+31 30 765 4321"},
        follow=True,
    )  # fmt: skip

    supervisor.refresh_from_db()
    assert supervisor.phone == "+31 30 765 4321"
    content = response.content.decode()
    assert "Het telefoonnummer is opgeslagen." in content
    assert "+31 30 765 4321" in content
    entry = AuditEntry.objects.get(object_id=str(supervisor.public_id), actor=coordinator)
    assert entry.changes == {"phone": ["", "+31 30 765 4321"]}


def test_a_too_long_phone_is_refused_with_a_message(client, coordinator, supervisor):
    client.force_login(coordinator)

    response = client.post(reverse("users:phone", args=[supervisor.public_id]), {"phone": "9" * 31})

    supervisor.refresh_from_db()
    assert supervisor.phone == ""
    assert "Zorg dat deze waarde niet meer dan 30 tekens bevat" in response.content.decode()


def test_a_supervisor_cannot_set_a_phone(client, supervisor):
    client.force_login(supervisor)

    response = client.post(reverse("users:phone", args=[supervisor.public_id]), {"phone": "112"})

    supervisor.refresh_from_db()
    assert response.status_code == 403 and supervisor.phone == ""
