"""Missed contact moments in the daily run: once a day per person, each moment once."""

import datetime

import pytest
from django.core import mail

from tests.contacts.helpers import TODAY, abroad
from tests.factories import StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.contacts.models import ContactMoment
from wegwijzer.contacts.planning import GRACE
from wegwijzer.contacts.reminders import send_missed_reminders
from wegwijzer.notifications import tasks
from wegwijzer.notifications.models import Notification

pytestmark = pytest.mark.django_db


def missed(mobility, days_late=1):
    due = TODAY - datetime.timedelta(days=GRACE + days_late)
    return ContactMoment.objects.create(mobility=mobility, due_on=due, opens_on=due)


def test_one_message_a_day_listing_the_supervisors_missed_moments(
    supervisor, django_capture_on_commit_callbacks
):
    first = abroad(supervisor=supervisor, student=StudentFactory.create())
    second = abroad(supervisor=supervisor, student=StudentFactory.create())
    missed(first)
    missed(second, days_late=5)

    with django_capture_on_commit_callbacks(execute=True):
        told = send_missed_reminders(TODAY)

    assert told == 1
    [message] = [m for m in mail.outbox if m.to == [supervisor.email]]
    assert message.subject == "Contactmomenten gemist: 2"
    assert first.student.full_name in message.body and second.student.full_name in message.body
    assert not ContactMoment.objects.filter(reminded_on=None).exists()


def test_nothing_when_nothing_and_a_moment_is_reminded_once(supervisor):
    mobility = abroad(supervisor=supervisor)
    assert send_missed_reminders(TODAY) == 0
    missed(mobility)

    assert send_missed_reminders(TODAY) == 1
    assert send_missed_reminders(TODAY) == 0
    assert send_missed_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert Notification.objects.filter(kind="contact_missed").count() == 1


def test_a_stay_without_a_supervisor_goes_to_the_coordinators(coordinator):
    missed(abroad())
    UserFactory.create(role=Role.COORDINATOR, is_active=False)

    send_missed_reminders(TODAY)

    told = set(
        Notification.objects.filter(kind="contact_missed").values_list(
            "user__role", "user__is_active"
        )
    )
    assert told == {(Role.COORDINATOR, True)}


def test_the_daily_run_sends_them(supervisor):
    missed(abroad(supervisor=supervisor))

    done = tasks.daily_run.call()

    assert done["contacts_missed"] == 1
