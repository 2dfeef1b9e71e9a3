import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from wegwijzer.accounts.tasks import send_password_reset

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker closes connections that are inside a transaction, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_password_reset_waits_in_the_queue_until_the_worker_runs(
    client, coordinator, database_queue
):
    client.post(reverse("password_reset"), {"email": coordinator.email})
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert str(coordinator.pk) in str(queued.args_kwargs)
    assert "token" not in str(queued.args_kwargs)

    call_command("db_worker", "--batch", "--no-reload", stdout=None)

    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_password_reset_task_for_a_deactivated_user_sends_nothing(coordinator):
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    send_password_reset.enqueue(
        user_id=coordinator.pk, domain="school.example", use_https=True, language="nl"
    )

    assert mail.outbox == []
