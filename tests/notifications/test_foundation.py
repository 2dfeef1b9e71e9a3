"""The one way Wegwijzer tells people: notify, the outbox and its retries, placeholders."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.notifications import rendering, services, tasks
from wegwijzer.notifications.kinds import SPECS, Delivery, Kind
from wegwijzer.notifications.models import (
    MessageTemplate,
    Notification,
    OutboxMessage,
    Preference,
    Status,
)

pytestmark = pytest.mark.django_db


def notify_help(users, **kwargs):
    return services.notify(
        Kind.ROLL_CALL_HELP,
        users,
        values={"student": "Sanne", "roll_call": "Storm", "location": "Valencia",
                "phone": "+34 600", "message": "Ik ben mijn pas kwijt"},
        path="/roll-calls/x/",
        **kwargs,
    )  # fmt: skip


def test_a_message_reaches_the_user_in_their_language_in_app_and_by_email(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://wegwijzer.school.example"
    dutch = UserFactory.create(first_name="Els", role=Role.COORDINATOR)
    english = UserFactory.create(first_name="Tom", role=Role.COORDINATOR, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify_help([dutch, english])

    by_user = {n.user: n for n in Notification.objects.all()}
    assert by_user[dutch].subject == "Sanne heeft hulp nodig (Storm)"
    assert by_user[english].subject == "Sanne needs help (Storm)"
    assert "Hallo Els" in by_user[dutch].body
    assert "https://wegwijzer.school.example/roll-calls/x/" in by_user[english].body
    assert sorted(m.to for m in mail.outbox) == sorted([[dutch.email], [english.email]])
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_kind_switched_off_reaches_nobody_unless_it_is_about_safety(
    django_capture_on_commit_callbacks,
):
    user = UserFactory.create(role=Role.SUPERVISOR)
    Preference.objects.create(user=user, kind=Kind.CONSENT_ANSWERED, delivery=Delivery.OFF)
    Preference.objects.create(user=user, kind=Kind.ROLL_CALL_HELP, delivery=Delivery.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(Kind.CONSENT_ANSWERED, [user], values={"student": "Sanne"})
        notify_help([user])

    assert list(Notification.objects.values_list("kind", flat=True)) == [Kind.ROLL_CALL_HELP]
    assert len(mail.outbox) == 1


def test_digest_delivery_keeps_the_notification_for_the_digest_and_sends_no_email(
    django_capture_on_commit_callbacks,
):
    user = UserFactory.create(role=Role.SUPERVISOR)
    Preference.objects.create(user=user, kind=Kind.TO_CHECK, delivery=Delivery.DIGEST)

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(Kind.TO_CHECK, [user], values={"student": "Sanne", "item": "Paspoort"})

    assert Notification.objects.get().in_digest
    assert not OutboxMessage.objects.exists() and not mail.outbox


def test_a_user_without_an_email_address_is_told_in_app_only(django_capture_on_commit_callbacks):
    user = UserFactory.create(email="")

    with django_capture_on_commit_callbacks(execute=True):
        notify_help([user])

    assert Notification.objects.filter(user=user).count() == 1
    assert not OutboxMessage.objects.exists()


def test_the_same_key_tells_a_user_once(django_capture_on_commit_callbacks):
    user = UserFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        notify_help([user], dedupe_key="help:1")
        notify_help([user], dedupe_key="help:1")

    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_an_inactive_user_is_not_told():
    assert notify_help([UserFactory.create(is_active=False)]) == []


def test_a_failed_send_is_kept_and_retried_until_it_gives_up(
    django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    user = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        notify_help([user])
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (Status.RETRYING, 1)
    assert message.last_error == "SMTPServerDisconnected"
    assert user.email not in message.last_error

    for _attempt in range(tasks.MAX_ATTEMPTS - 1):
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        tasks.retry_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, tasks.MAX_ATTEMPTS)

    monkeypatch.undo()
    assert tasks.retry_due() == 0  # failed is final until a coordinator tries again
    assert not mail.outbox


def test_a_retry_sends_what_failed_before(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, *a, **k: (_ for _ in ()).throw(ConnectionRefusedError()),
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_help([UserFactory.create()])
    monkeypatch.undo()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())

    assert tasks.retry_due() == 1
    assert OutboxMessage.objects.get().status == Status.SENT and len(mail.outbox) == 1


def test_notify_address_emails_someone_without_an_account_once(
    django_capture_on_commit_callbacks,
):
    values = {"name": "Mevr. Jansen", "purpose": "toestemming", "student": "Sanne",
              "expires": "14 december 2026", "school": "ROC"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_address(
            Kind.LINK_REMINDER, email="ouder@example.org", language="nl", values=values,
            dedupe_key="link:1:reminder",
        )  # fmt: skip
        again = services.notify_address(
            Kind.LINK_REMINDER, email="ouder@example.org", language="nl", values=values,
            dedupe_key="link:1:reminder",
        )  # fmt: skip

    assert again is None
    [message] = mail.outbox
    assert message.to == ["ouder@example.org"] and "Hallo Mevr. Jansen" in message.body


def test_the_schools_own_wording_replaces_the_default():
    MessageTemplate.objects.create(
        kind=Kind.TO_CHECK, language="nl", subject="Nakijken: {item}", body="Beste {first_name}"
    )
    assert rendering.render(Kind.TO_CHECK, "nl", {"item": "Paspoort", "first_name": "Els"}) == (
        "Nakijken: Paspoort",
        "Beste Els",
    )
    assert rendering.render(Kind.TO_CHECK, "en", {"item": "Passport"})[0].startswith("To check")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Hallo {voornaam}", "Onbekende plaatshouder: {voornaam}"),
        ("Hallo {first_name", "niet gesloten"),
        ("{student.guardian}", "is geen plaatshouder"),
        ("{first_name!r}", "is geen plaatshouder"),
    ],
)
def test_a_wrong_placeholder_is_refused_with_a_message(text, says):
    with pytest.raises(rendering.PlaceholderError, match=says.replace("{", r"\{")):
        rendering.check(text, SPECS[Kind.TO_CHECK].allowed)


def test_every_default_text_uses_only_its_own_placeholders():
    for spec in SPECS.values():
        for language in ("nl", "en"):
            subject, body = rendering.default_texts(spec.kind, language)
            rendering.check(subject, spec.allowed)
            rendering.check(body, spec.allowed)
