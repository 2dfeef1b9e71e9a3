"""DUO reminders: before departure the allowance abroad is offered (never "stop"), after
the return the travel product is switched back; each once."""

import datetime

import pytest
from django.core import mail

from tests.notifications.helpers import days, stay, student_user, today
from wegwijzer.mobilities.models import Mobility, MobilityType, Outcome
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification
from wegwijzer.notifications.reminders import send_duo_reminders
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def run(capture, day=None):
    with capture(execute=True):
        return send_duo_reminders(day or today())


def duo_messages(user):
    return list(Notification.objects.filter(user=user, kind=Kind.DUO))


def leaving_in(user, count, **facts):
    departure = days(count)
    return stay(
        user, step=Step.PREPARATION, departure_date=departure,
        return_date=departure + datetime.timedelta(days=90), **facts,
    )  # fmt: skip


def test_before_departure_the_student_is_offered_the_allowance_abroad_once(
    django_capture_on_commit_callbacks,
):
    sanne = student_user("Sanne")
    leaving_in(sanne, 30)

    assert run(django_capture_on_commit_callbacks) == 1
    assert run(django_capture_on_commit_callbacks) == 0

    [message] = duo_messages(sanne)
    assert message.subject == "DUO: je studentenreisproduct en je verblijf in het buitenland"
    assert "mag je je studentenreisproduct houden" in message.body
    assert "OV-vergoeding buitenland" in message.body
    assert "verklaring van school" in message.body
    assert "stop" not in message.body.lower()
    [email] = mail.outbox
    assert email.to == [sanne.email] and email.body == message.body


def test_the_english_advice_does_not_say_stop_either(django_capture_on_commit_callbacks):
    sanne = student_user("Sanne", language="en")
    leaving_in(sanne, 30)

    run(django_capture_on_commit_callbacks)

    [message] = duo_messages(sanne)
    assert "you may keep your student travel product" in message.body
    assert "public-transport allowance abroad" in message.body
    assert "stop" not in message.body.lower()


@pytest.mark.parametrize("count", [61, 0, -1])
def test_not_before_two_months_and_not_on_or_after_the_departure_day(
    count, django_capture_on_commit_callbacks
):
    sanne = student_user("Sanne")
    leaving_in(sanne, count)

    assert run(django_capture_on_commit_callbacks) == 0


def test_not_before_the_go_nor_for_a_student_under_18_nor_at_home(
    django_capture_on_commit_callbacks,
):
    undecided = student_user("Sanne")
    Mobility.objects.filter(pk=leaving_in(undecided, 30).pk).update(step=Step.DECISION)
    minor = student_user("Tom")
    minor.student.date_of_birth = days(30).replace(year=days(30).year - 17)
    minor.student.save(update_fields=["date_of_birth"])
    leaving_in(minor, 30)
    at_home = student_user("Lotte")
    leaving_in(at_home, 30, type=MobilityType.AT_HOME)

    assert run(django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


def test_after_the_return_the_student_is_reminded_to_switch_back_once(
    django_capture_on_commit_callbacks,
):
    sanne = student_user("Sanne")
    back = stay(
        sanne, step=Step.BACK_HOME, departure_date=days(-90), return_date=days(-1),
    )  # fmt: skip

    assert run(django_capture_on_commit_callbacks) == 1
    assert run(django_capture_on_commit_callbacks, days(1)) == 0

    [message] = duo_messages(sanne)
    assert message.body.startswith("Hallo Sanne,\n\nWelkom terug!")
    assert "studentenreisproduct opnieuw aan" in message.body
    assert message.mobility == back


def test_an_early_return_counts_and_a_stay_that_never_went_gets_nothing(
    django_capture_on_commit_callbacks,
):
    broken_off = student_user("Sanne")
    mobility = stay(broken_off, step=Step.ABROAD, departure_date=days(-30), return_date=days(60))
    Mobility.objects.filter(pk=mobility.pk).update(
        outcome=Outcome.BROKEN_OFF, actual_return_date=today()
    )
    cancelled = student_user("Tom")
    never = stay(cancelled, step=Step.ABROAD, departure_date=days(-30), return_date=today())
    Mobility.objects.filter(pk=never.pk).update(outcome=Outcome.CANCELLED)

    run(django_capture_on_commit_callbacks)

    assert len(duo_messages(broken_off)) == 1
    assert duo_messages(cancelled) == []


def test_a_return_longer_ago_is_not_reminded(django_capture_on_commit_callbacks):
    sanne = student_user("Sanne")
    stay(sanne, step=Step.BACK_HOME, departure_date=days(-90), return_date=days(-3))

    assert run(django_capture_on_commit_callbacks) == 0
