"""The demo's notifications and e-mails: each demo login has some, read and unread."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from wegwijzer.accounts.models import User
from wegwijzer.notifications.models import Notification, OutboxMessage, Status

pytestmark = pytest.mark.django_db


def test_the_demo_has_notifications_and_emails_in_every_state(settings, client):
    settings.DEBUG = True

    call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    for username in ("coordinator", "supervisor", "mentor", "student"):
        mine = Notification.objects.filter(user__username=username)
        assert mine.filter(read_at=None).exists(), username
    assert Notification.objects.exclude(read_at=None).exists()
    statuses = list(OutboxMessage.objects.values_list("status", flat=True))
    assert statuses.count(Status.FAILED) == 1
    assert Status.SENT in statuses and Status.QUEUED in statuses
    # Loaded twice, made once: the inbox demo's own and those other apps' demos caused.
    first = Notification.objects.count()
    call_command("load_demo", "--quiet-logins")
    assert Notification.objects.count() == first

    client.force_login(User.objects.get(username="coordinator"))
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Toestemming voor " in page and ": toestemming gegeven" in page
    assert "Sommige e-mails konden niet worden verstuurd." in page
    outbox = client.get(reverse("notifications:outbox")).content.decode()
    assert "Joris van Dijk" in outbox and "Mislukt" in outbox
