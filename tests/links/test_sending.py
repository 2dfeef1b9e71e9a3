"""Sending, revoking and re-sending links from the mobility page, and who may."""

import datetime
from html import escape

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import GuardianFactory, MobilityFactory, StudentFactory, UserFactory
from tests.links.helpers import at_step, host_of, make_link, minor_mobility, send, token_in
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import AuditEntry
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def mobility_page(client, mobility):
    return client.get(reverse("mobilities:detail", args=[mobility.public_id]))


def post_send(client, mobility, purpose=Purpose.GUARDIAN_CONSENT, guardian=None, capture=None):
    data = {"purpose": purpose}
    if guardian is not None:
        data["guardian"] = guardian.pk
    with capture(execute=True):
        return client.post(reverse("links:send", args=[mobility.public_id]), data, follow=True)


# Sending


def test_coordinator_sends_the_guardian_a_consent_link_by_e_mail(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    guardian = mobility.student.guardians.get()
    client.force_login(coordinator)

    response = post_send(
        client, mobility, guardian=guardian, capture=django_capture_on_commit_callbacks
    )

    link = SignedLink.objects.get(mobility=mobility)
    assert "Er is een nieuwe link onderweg naar anna@example.org" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert message.subject.startswith("Toestemming voor het verblijf in het buitenland van")
    assert "Beste Anna de Vries," in message.body
    assert "In English: open the link and choose English at the top of the page." in message.body
    assert coordinator.email in message.body
    assert link.guardian == guardian and link.sent_at is not None
    assert link.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    token = token_in(message.body)
    assert client.get(reverse("links:open", args=[token])).status_code == 200


def test_the_token_is_stored_nowhere_but_in_the_e_mail(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    _link, token = send(mobility, coordinator, capture=django_capture_on_commit_callbacks)

    stored = [str(value) for row in SignedLink.objects.values() for value in row.values()] + [
        str(row) for row in AuditEntry.objects.values()
    ]

    assert not any(token in value for value in stored)


def test_the_link_days_follow_the_setting(
    settings, coordinator, django_capture_on_commit_callbacks
):
    settings.SIGNED_LINK_DAYS = 7
    link, _token = send(minor_mobility(), coordinator, capture=django_capture_on_commit_callbacks)

    assert link.expires_at.date() == (timezone.now() + datetime.timedelta(days=7)).date()


def test_host_links_are_written_in_english(coordinator, django_capture_on_commit_callbacks):
    mobility = at_step(minor_mobility(), Step.PREPARATION)

    link, _token = send(
        mobility, coordinator, Purpose.HOST_AGREEMENT, capture=django_capture_on_commit_callbacks
    )

    message = mail.outbox[-1]
    assert message.to == ["carmen@example.es"]
    assert message.subject.startswith("Please confirm the supervision agreements for")
    assert "Dear Carmen Ruiz," in message.body
    assert link.host_company == mobility.host_company


def refusal(client, mobility, capture, purpose=Purpose.GUARDIAN_CONSENT, guardian=None):
    response = post_send(client, mobility, purpose, guardian=guardian, capture=capture)
    assert not mail.outbox
    return response.content.decode()


def test_sending_consent_for_a_student_of_18_is_refused(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = MobilityFactory.create(
        student=StudentFactory.create(date_of_birth=datetime.date(2000, 1, 1))
    )
    guardian = GuardianFactory.create(student=mobility.student, email="p@example.org")
    english.force_login(coordinator)

    content = refusal(english, mobility, django_capture_on_commit_callbacks, guardian=guardian)

    assert "The student is 18 or older on the departure date" in content
    assert not SignedLink.objects.exists()


def test_sending_to_a_guardian_without_e_mail_is_refused(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    guardian = GuardianFactory.create(student=mobility.student, name="Piet", email="")
    english.force_login(coordinator)

    content = refusal(english, mobility, django_capture_on_commit_callbacks, guardian=guardian)

    assert "Piet has no e-mail address" in content


def test_sending_to_another_students_guardian_is_refused(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    stranger = GuardianFactory.create(email="stranger@example.org")
    english.force_login(coordinator)

    content = refusal(english, mobility, django_capture_on_commit_callbacks, guardian=stranger)

    assert "Choose one of the student&#x27;s guardians." in content


def test_sending_for_a_closed_mobility_is_refused(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    mobility_services.cancel_mobility(
        mobility, by=coordinator, reason="No.", on=timezone.localdate()
    )
    english.force_login(coordinator)

    content = refusal(
        english, mobility, django_capture_on_commit_callbacks,
        guardian=mobility.student.guardians.get(),
    )  # fmt: skip

    assert "This mobility is closed; no links can be sent for it." in content


def test_sending_for_an_item_done_already_is_refused(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    item = mobility.items.get(template_item__key="decision-guardian-consent")
    mobility_services.complete_item(item, by=coordinator, version=0, done_on=timezone.localdate())
    english.force_login(coordinator)

    content = refusal(
        english, mobility, django_capture_on_commit_callbacks,
        guardian=mobility.student.guardians.get(),
    )  # fmt: skip

    assert "is settled already: no link is needed." in content


def test_sending_twice_is_refused_while_the_first_link_waits(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    make_link(mobility)
    english.force_login(coordinator)

    content = refusal(
        english, mobility, django_capture_on_commit_callbacks,
        guardian=mobility.student.guardians.get(),
    )  # fmt: skip

    assert "A link for this waits for an answer already." in content
    assert SignedLink.objects.count() == 1


def test_sending_to_a_host_without_e_mail_is_refused(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    host = host_of(mobility)
    host.contact_email = ""
    host.save()
    english.force_login(coordinator)

    content = refusal(english, mobility, django_capture_on_commit_callbacks, Purpose.HOST_AGREEMENT)

    assert "Hotel Mar Azul has no contact e-mail address" in content


def test_the_evaluation_cannot_be_sent_before_the_stay(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    english.force_login(coordinator)

    content = refusal(
        english, mobility, django_capture_on_commit_callbacks, Purpose.HOST_EVALUATION
    )

    assert "once it has started (step 4, Abroad)" in content


# Revoking and re-sending


def test_a_revoked_link_opens_nothing(english, coordinator, django_capture_on_commit_callbacks):
    mobility = minor_mobility()
    link, token = send(mobility, coordinator, capture=django_capture_on_commit_callbacks)
    english.force_login(coordinator)

    response = english.post(reverse("links:revoke", args=[link.public_id]), follow=True)

    link.refresh_from_db()
    content = response.content.decode()
    assert "The link is revoked" in content
    assert "Revoked by" in content
    assert link.revoked_by == coordinator
    english.logout()
    assert english.get(reverse("links:open", args=[token])).status_code == 410


def test_resending_revokes_the_old_link_and_mails_a_new_one(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    old, old_token = send(mobility, coordinator, capture=django_capture_on_commit_callbacks)
    english.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("links:resend", args=[old.public_id]), follow=True)

    old.refresh_from_db()
    new = SignedLink.objects.exclude(pk=old.pk).get()
    new_token = token_in(mail.outbox[-1].body)
    assert "A new link is on its way to anna@example.org" in response.content.decode()
    assert len(mail.outbox) == 2 and new_token != old_token
    assert old.revoked_at is not None and new.guardian == old.guardian
    english.logout()
    assert english.get(reverse("links:open", args=[old_token])).status_code == 410
    assert english.get(reverse("links:open", args=[new_token])).status_code == 200


def test_an_answered_link_is_not_sent_again(english, coordinator):
    mobility = minor_mobility()
    link, _token = make_link(mobility, used_at=timezone.now(), submitted_name="Anna")
    english.force_login(coordinator)

    response = english.post(reverse("links:resend", args=[link.public_id]), follow=True)

    assert "This link has been answered; it cannot be sent again." in response.content.decode()
    assert SignedLink.objects.count() == 1


def test_a_task_that_runs_twice_sends_one_e_mail(coordinator, django_capture_on_commit_callbacks):
    from wegwijzer.links.tasks import send_link_email

    link, _token = send(minor_mobility(), coordinator, capture=django_capture_on_commit_callbacks)

    send_link_email.call(link_id=link.pk, domain="testserver", use_https=True)

    assert len(mail.outbox) == 1


# Who may


def test_the_supervisor_sends_host_links_of_their_mobility(
    english, supervisor, django_capture_on_commit_callbacks
):
    mobility = at_step(minor_mobility(supervisor=supervisor), Step.PREPARATION)
    english.force_login(supervisor)

    response = post_send(
        english, mobility, Purpose.HOST_AGREEMENT, capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert SignedLink.objects.get().created_by == supervisor
    assert mail.outbox[0].to == ["carmen@example.es"]


def test_the_supervisor_may_not_ask_a_guardians_consent(english, supervisor):
    mobility = minor_mobility(supervisor=supervisor)
    english.force_login(supervisor)

    response = english.post(
        reverse("links:send", args=[mobility.public_id]),
        {"purpose": Purpose.GUARDIAN_CONSENT, "guardian": mobility.student.guardians.get().pk},
    )

    assert response.status_code == 403
    assert not SignedLink.objects.exists()


@pytest.mark.parametrize("role", ["mentor", "student"])
def test_mentor_and_student_may_not_send_links(english, request, role):
    user = request.getfixturevalue(role)
    student = user.student if role == "student" else StudentFactory.create(mentor=user)
    student.date_of_birth = datetime.date(2010, 1, 1)
    student.save()
    mobility = MobilityFactory.create(student=student)
    english.force_login(user)

    response = english.post(
        reverse("links:send", args=[mobility.public_id]), {"purpose": Purpose.HOST_AGREEMENT}
    )

    assert response.status_code == 403
    assert "Links for guardians" not in mobility_page(english, mobility).content.decode()


def test_links_of_a_mobility_one_may_not_see_are_not_found(english, supervisor):
    mobility = minor_mobility()
    link, _token = make_link(mobility, Purpose.HOST_AGREEMENT)
    english.force_login(supervisor)

    assert english.post(reverse("links:revoke", args=[link.public_id])).status_code == 404
    assert english.post(reverse("links:resend", args=[link.public_id])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_anonymous_visitors_are_sent_to_log_in(client):
    mobility = minor_mobility()
    link, _token = make_link(mobility)

    response = client.post(reverse("links:revoke", args=[link.public_id]))

    assert response.status_code == 302 and reverse("login") in response.url
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_sending_urls_answer_posts_only(english, coordinator):
    mobility = minor_mobility()
    link, _token = make_link(mobility)
    english.force_login(coordinator)

    assert english.get(reverse("links:send", args=[mobility.public_id])).status_code == 405
    assert english.get(reverse("links:revoke", args=[link.public_id])).status_code == 405


# The mobility page


def test_mobility_page_lists_links_with_their_state(english, coordinator):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    make_link(mobility, Purpose.HOST_AGREEMENT, revoked_at=timezone.now(), revoked_by=coordinator)
    make_link(
        mobility, used_at=timezone.now(), submitted_name="Anna de Vries",
        submitted_ip="198.51.100.7",
        answers={"consent": "refused", "is_guardian": True, "remarks": "Too far."},
    )  # fmt: skip
    english.force_login(coordinator)

    content = mobility_page(english, mobility).content.decode()

    assert "Links for guardians and the host company" in content
    assert "Consent refused by Anna de Vries on" in content
    assert "Too far." in content
    assert "from IP address 198.51.100.7" in content
    assert escape(f"Revoked by {coordinator}") in content
    assert "Send the link" in content


def test_the_supervisor_sees_only_the_host_links(english, supervisor):
    mobility = at_step(minor_mobility(supervisor=supervisor), Step.PREPARATION)
    make_link(mobility)
    english.force_login(supervisor)

    content = mobility_page(english, mobility).content.decode()

    assert "Host company confirms the supervision agreements" in content
    assert "Anna de Vries" not in content


def test_mobility_page_runs_as_many_queries_with_many_links(english, coordinator):
    english.force_login(coordinator)
    few, many = minor_mobility(), minor_mobility()
    make_link(few)
    for _ in range(10):
        make_link(many, Purpose.HOST_AGREEMENT, revoked_at=timezone.now(), revoked_by=coordinator)
    make_link(many, created_by=UserFactory.create(role=Role.COORDINATOR))

    def count(mobility):
        with CaptureQueriesContext(connection) as queries:
            assert mobility_page(english, mobility).status_code == 200
        return len(queries)

    # The first English request remembers the reader's language on their account.
    mobility_page(english, few)
    assert count(many) == count(few)


def test_a_link_revoked_before_the_worker_ran_is_not_mailed(coordinator):
    from wegwijzer.links import services
    from wegwijzer.links.tasks import send_link_email

    link = services.send_link(
        minor_mobility(), by=coordinator, purpose=Purpose.HOST_AGREEMENT, domain="testserver",
        use_https=True,
    )  # fmt: skip
    services.revoke_link(link, by=coordinator)

    send_link_email.call(link_id=link.pk, domain="testserver", use_https=True)

    link.refresh_from_db()
    assert not mail.outbox and link.token_hash is None
