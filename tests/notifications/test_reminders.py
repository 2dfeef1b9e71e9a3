"""Owners' reminders of their required items: bundled, once a day, only their own."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import UserFactory
from tests.notifications.helpers import days, due, stay, student_user, today
from wegwijzer.accounts.models import Role
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification, OutboxMessage
from wegwijzer.notifications.reminders import send_reminders

pytestmark = pytest.mark.django_db

INFORMATION = "Voorlichting over naar het buitenland gaan gevolgd"
COUNTRY = "Land gekozen, met redenen"
BENEFITS = "Kent de voordelen van een buitenlandervaring"
REQUIREMENTS = "Eisen van de opleiding gecontroleerd"
MOTIVATION = "Motivatiegesprek en motivatieopdracht"


def dutch(day):
    with translation.override("nl"):
        return date_format(day, "DATE_FORMAT")


def run(capture, day=None):
    with capture(execute=True):
        return send_reminders(day or today())


def reminders_of(user):
    return list(Notification.objects.filter(user=user, kind=Kind.DUE_ITEMS))


def test_an_owner_gets_one_message_with_late_and_soon_due_items(
    django_capture_on_commit_callbacks,
):
    sanne = student_user("Sanne")
    mobility = stay(sanne)
    due(mobility, "orientation-information", days(-2))
    due(mobility, "orientation-country-chosen", days(5))

    run(django_capture_on_commit_callbacks)

    [reminder] = reminders_of(sanne)
    assert reminder.subject == "Je takenlijst in Wegwijzer: 2 punt(en)"
    assert f"- {INFORMATION}: te laat, dit moest uiterlijk {dutch(days(-2))}" in reminder.body
    assert f"- {COUNTRY}: uiterlijk {dutch(days(5))}" in reminder.body
    # Late first; the student's own name is not repeated on their own items.
    assert reminder.body.index(INFORMATION) < reminder.body.index(COUNTRY)
    assert "(Sanne)" not in reminder.body
    [message] = [m for m in mail.outbox if m.to == [sanne.email]]
    assert message.body == reminder.body


def test_a_second_run_on_the_same_day_sends_nothing_but_the_next_day_does(
    django_capture_on_commit_callbacks,
):
    sanne = student_user("Sanne")
    due(stay(sanne), "orientation-information", days(1))

    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)
    assert len(reminders_of(sanne)) == 1
    assert len([m for m in mail.outbox if m.to == [sanne.email]]) == 1

    run(django_capture_on_commit_callbacks, days(1))
    assert len(reminders_of(sanne)) == 2


def test_items_due_later_optional_items_and_later_steps_are_not_reminded(
    django_capture_on_commit_callbacks,
):
    sanne = student_user("Sanne")
    mobility = stay(sanne)
    due(mobility, "orientation-information", days(8))  # more than a week away
    due(mobility, "orientation-benefits", days(-3))  # optional: never
    due(mobility, "decision-motivation", days(-3))  # step 2, the stay is in step 1

    run(django_capture_on_commit_callbacks)

    assert reminders_of(sanne) == []
    assert not [m for m in mail.outbox if m.to == [sanne.email]]


def test_nothing_is_sent_when_nothing_is_due(django_capture_on_commit_callbacks):
    stay(student_user("Sanne"))

    assert run(django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not mail.outbox


def test_a_closed_stay_and_a_done_item_are_not_reminded(django_capture_on_commit_callbacks):
    sanne, tom = student_user("Sanne"), student_user("Tom")
    cancelled = stay(sanne)
    due(cancelled, "orientation-information", days(1))
    Mobility.objects.filter(pk=cancelled.pk).update(outcome=Outcome.CANCELLED)
    done = stay(tom)
    due(done, "orientation-information", days(1))
    done.items.filter(template_item__key="orientation-information").update(status="done")

    run(django_capture_on_commit_callbacks)

    assert reminders_of(sanne) == [] and reminders_of(tom) == []


def test_each_owner_gets_only_their_own_items(django_capture_on_commit_callbacks):
    mentor = UserFactory.create(role=Role.MENTOR)
    supervisor = UserFactory.create(role=Role.SUPERVISOR)
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    sanne, tom = student_user("Sanne"), student_user("Tom")
    sannes = stay(sanne, step=2, mentor=mentor, supervisor=supervisor)
    toms = stay(tom, step=2)
    due(sannes, "orientation-information", days(2))  # Sanne's
    due(sannes, "decision-requirements", days(-1))  # Sanne's mentor's
    due(sannes, "decision-funding", days(3))  # the coordinators'
    due(toms, "orientation-country-chosen", days(2))  # Tom's

    run(django_capture_on_commit_callbacks)

    [sannes_reminder] = reminders_of(sanne)
    assert INFORMATION in sannes_reminder.body
    assert COUNTRY not in sannes_reminder.body and REQUIREMENTS not in sannes_reminder.body
    [toms_reminder] = reminders_of(tom)
    assert COUNTRY in toms_reminder.body and INFORMATION not in toms_reminder.body
    [mentors] = reminders_of(mentor)
    assert f"{REQUIREMENTS} (Sanne): te laat" in mentors.body
    assert INFORMATION not in mentors.body
    [coordinators] = reminders_of(coordinator)
    assert "Financieringsmogelijkheden gekozen (Sanne)" in coordinators.body
    assert INFORMATION not in coordinators.body
    # The supervisor owns nothing due: no message at all.
    assert reminders_of(supervisor) == []


def test_an_item_of_two_owners_reaches_both(django_capture_on_commit_callbacks):
    mentor = UserFactory.create(role=Role.MENTOR)
    sanne = student_user("Sanne")
    due(stay(sanne, step=2, mentor=mentor), "decision-motivation", days(4))

    run(django_capture_on_commit_callbacks)

    [sannes] = reminders_of(sanne)
    [mentors] = reminders_of(mentor)
    assert f"- {MOTIVATION}: uiterlijk" in sannes.body
    assert f"- {MOTIVATION} (Sanne): uiterlijk" in mentors.body


def test_a_reader_who_chose_english_reads_english(django_capture_on_commit_callbacks):
    sanne = student_user("Sanne", language="en")
    due(stay(sanne), "orientation-information", days(-1))

    run(django_capture_on_commit_callbacks)

    [reminder] = reminders_of(sanne)
    assert reminder.subject == "Your to-do list in Wegwijzer: 1 item(s)"
    with translation.override("en"):
        late = date_format(days(-1), "DATE_FORMAT")
    assert f"- Took part in information about going abroad: late, it was due on {late}" in (
        reminder.body
    )


def queries_for(capture, day):
    with CaptureQueriesContext(connection) as queries:
        run(capture, day)
    return len(queries)


def test_the_queries_do_not_grow_with_the_number_of_items(django_capture_on_commit_callbacks):
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    for _ in range(2):
        due(stay(), "orientation-programme-conditions", days(1))
    few = queries_for(django_capture_on_commit_callbacks, today())
    for _ in range(5):
        due(stay(), "orientation-programme-conditions", days(1))

    many = queries_for(django_capture_on_commit_callbacks, days(1))

    assert many == few
    [latest, _first] = reminders_of(coordinator)
    assert latest.subject == "Je takenlijst in Wegwijzer: 7 punt(en)"
