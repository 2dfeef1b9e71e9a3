"""The coordinators' outbox: e-mails that failed, trying them again, who cannot be reached."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import AuditEntry
from wegwijzer.notifications import tasks
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import OutboxMessage, Status

pytestmark = pytest.mark.django_db

OUTBOX = reverse("notifications:outbox")
RETRY = reverse("notifications:outbox-retry")
RETRY_ALL = reverse("notifications:outbox-retry-all")


def make_message(status=Status.FAILED, *, recipient=None, subject="Te controleren: Paspoort"):
    recipient = recipient or UserFactory.create(first_name="Joris", last_name="Verhoeven")
    return OutboxMessage.objects.create(
        recipient=recipient,
        to_email=recipient.email,
        kind=Kind.TO_CHECK,
        language="nl",
        subject=subject,
        body="Hallo Joris, geheime inhoud van het bericht.",
        status=status,
        attempts=tasks.MAX_ATTEMPTS if status == Status.FAILED else 1,
        last_error="SMTPServerDisconnected",
    )


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def test_only_coordinators_see_the_outbox(client, role):
    message = make_message()
    client.force_login(UserFactory.create(role=role))

    assert client.get(OUTBOX).status_code == 403
    assert client.post(RETRY, {"message": message.pk}).status_code == 403
    assert client.post(RETRY_ALL).status_code == 403
    message.refresh_from_db()
    assert message.status == Status.FAILED and not AuditEntry.objects.exists()


def test_the_outbox_lists_failed_and_retrying_with_the_recipient_but_not_the_body(
    client, coordinator
):
    make_message(Status.FAILED)
    make_message(Status.RETRYING, recipient=UserFactory.create(first_name="Annemiek"))
    make_message(Status.SENT, recipient=UserFactory.create(first_name="Verstuurde"))
    make_message(Status.QUEUED, recipient=UserFactory.create(first_name="Wachtende"))
    client.force_login(coordinator)

    page = client.get(OUTBOX).content.decode()

    assert "Joris Verhoeven" in page and "Annemiek" in page
    assert "Verstuurde" not in page and "Wachtende" not in page
    assert "geheime inhoud" not in page and "Te controleren: Paspoort" not in page
    assert "Er wacht iets op je controle" in page  # the kind
    assert "Mislukt" in page and "Wordt opnieuw geprobeerd" in page
    assert page.count('name="message"') == 1  # only the failed one can be tried again
    assert "Alle mislukte e-mails opnieuw proberen" in page


def test_the_outbox_counts_each_status_in_one_query(client, coordinator):
    for status, count in [(Status.FAILED, 2), (Status.SENT, 3), (Status.QUEUED, 1)]:
        for _n in range(count):
            make_message(status)
    client.force_login(coordinator)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(OUTBOX)

    counts = response.context["counts"]
    assert counts == {"queued": 1, "retrying": 0, "sent": 3, "failed": 2}
    sqls = [query["sql"] for query in captured.captured_queries]
    aggregates = [sql for sql in sqls if "COUNT" in sql and "outbox" in sql]
    assert len(aggregates) == 2  # the counts, and the paginator's


def test_the_outbox_costs_the_same_queries_with_3_or_30_messages(client, coordinator):
    client.force_login(coordinator)
    for _n in range(3):
        make_message()
    with CaptureQueriesContext(connection) as few:
        client.get(OUTBOX)

    for _n in range(27):
        make_message()
    with CaptureQueriesContext(connection) as many:
        client.get(OUTBOX)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_trying_again_sends_the_failed_email_and_records_it(
    client, coordinator, django_capture_on_commit_callbacks
):
    message = make_message()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RETRY, {"message": message.pk}, follow=True)

    assert "De e-mail is weer onderweg." in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.SENT
    [sent] = mail.outbox
    assert sent.to == [message.to_email] and sent.subject == "Te controleren: Paspoort"
    entry = AuditEntry.objects.get()
    assert entry.actor == coordinator and entry.object_id == str(message.pk)
    assert entry.changes == {"status": ["failed", "queued"]}


def test_a_failed_email_that_fails_again_is_failed_at_once(
    client, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    message = make_message()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(RETRY, {"message": message.pk})

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, tasks.MAX_ATTEMPTS + 1)


def test_trying_again_what_did_not_fail_changes_nothing(
    client, coordinator, django_capture_on_commit_callbacks
):
    message = make_message(Status.SENT)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RETRY, {"message": message.pk}, follow=True)

    assert "Deze e-mail is niet (meer) mislukt" in response.content.decode()
    assert not mail.outbox and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "posted", [{}, {"message": "x"}, {"message": "999999"}, {"message": "9" * 30}]
)
def test_trying_again_without_a_known_email_says_so(client, coordinator, posted):
    client.force_login(coordinator)

    response = client.post(RETRY, posted, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies een e-mail uit de lijst." in page or "niet (meer) mislukt" in page


def test_trying_all_again_sends_every_failed_email(
    client, coordinator, django_capture_on_commit_callbacks
):
    failed = [make_message(), make_message()]
    waiting = make_message(Status.RETRYING)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RETRY_ALL, follow=True)

    assert "2 e-mails zijn weer onderweg." in response.content.decode()
    assert len(mail.outbox) == 2
    assert set(OutboxMessage.objects.filter(pk__in=[m.pk for m in failed]).values_list(
        "status", flat=True)) == {Status.SENT}  # fmt: skip
    waiting.refresh_from_db()
    assert waiting.status == Status.RETRYING
    assert AuditEntry.objects.count() == 2


def test_the_outbox_names_who_cannot_be_reached(client, coordinator):
    nobody = UserFactory.create(first_name="Zonder", last_name="Adres", email="")
    UserFactory.create(first_name="Oud", last_name="Account", email="", is_active=False)
    client.force_login(coordinator)

    page = client.get(OUTBOX).content.decode()

    assert "Wie niet per e-mail bereikbaar is" in page
    assert "Zonder Adres" in page and reverse("users:detail", args=[nobody.public_id]) in page
    assert "Oud Account" not in page


def test_the_outbox_says_when_all_is_well(client, coordinator):
    client.force_login(coordinator)

    page = client.get(OUTBOX).content.decode()

    assert "Elke e-mail is verstuurd of onderweg." in page
    assert "Elk actief account heeft een e-mailadres." in page


def test_an_english_coordinator_reads_the_outbox_in_english(english, coordinator):
    make_message()
    english.force_login(coordinator)

    page = english.get(OUTBOX).content.decode()

    assert "E-mails not sent" in page and "Try again" in page and "failed" in page.lower()
    assert "Mislukt" not in page
