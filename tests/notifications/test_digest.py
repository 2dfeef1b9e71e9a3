"""The staff's morning digest: what it lists, for whom, how often, and when it says nothing."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import UserFactory
from tests.notifications.helpers import due, stay, student_user, today
from wegwijzer.accounts.models import Role
from wegwijzer.care.models import Incident
from wegwijzer.mobilities.models import ItemStatus
from wegwijzer.notifications import digest
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import (
    DigestFrequency,
    DigestSetting,
    Notification,
    OutboxMessage,
)
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def next_monday() -> datetime.date:
    return today() + datetime.timedelta(days=(7 - today().weekday()) % 7)


MONDAY = next_monday()


def on(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


def dutch(day):
    with translation.override("nl"):
        return date_format(day, "DATE_FORMAT")


def run(capture, day=MONDAY):
    mail.outbox.clear()
    with capture(execute=True):
        return digest.send_digests(day)


def digest_to(user):
    found = [message for message in mail.outbox if message.to == [user.email]]
    assert len(found) <= 1
    return found[0] if found else None


def leaving(name, offset, **facts):
    """A stay with a go, leaving `offset` days after MONDAY."""
    departure = on(offset)
    return stay(
        student_user(name), step=Step.PREPARATION, departure_date=departure,
        return_date=departure + datetime.timedelta(days=60), **facts,
    )  # fmt: skip


def test_a_coordinator_reads_everything_that_asks_for_attention(
    django_capture_on_commit_callbacks,
):
    coordinator = UserFactory.create(role=Role.COORDINATOR, first_name="Els")
    late = stay(student_user("Sanne"))
    due(late, "orientation-programme-conditions", on(-1))
    checking = leaving("Tom", 30)
    checking.items.filter(template_item__key="preparation-id-document").update(
        status=ItemStatus.TO_CHECK
    )
    leaving("Lotte", 2)
    returning = stay(
        student_user("Bram"), step=Step.ABROAD, departure_date=on(-60), return_date=on(4)
    )
    Incident.objects.create(
        mobility=returning, kind="illness", severity="minor", occurred_on=on(-5),
        description="Gebroken been na een val", follow_up_on=on(-1),
    )  # fmt: skip
    waiting = Notification.objects.create(
        user=coordinator, kind=Kind.TO_CHECK, subject="Te controleren: paspoort van Tom",
        in_digest=True,
    )  # fmt: skip

    run(django_capture_on_commit_callbacks)

    message = digest_to(coordinator)
    assert message.subject == f"Wegwijzer: je overzicht van {dutch(MONDAY)}"
    body = message.body
    assert body.startswith("Goedemorgen Els,")
    assert "Te laat, en door jou te doen\n- Voorwaarden van de opleiding bekend (Sanne)" in body
    assert "Wacht op jouw controle\n- Paspoort of identiteitskaart geldig" in body
    assert f"Vertrek in de komende week\n- {dutch(on(2))}: Lotte, Valencia" in body
    assert f"Terugkomst in de komende week\n- {dutch(on(4))}: Bram, Valencia" in body
    assert f"- Ziekte of ziekenhuis (Bram): opvolging was gepland op {dutch(on(-1))}" in body
    assert "Gebroken been" not in body  # what happened stays in Wegwijzer
    assert "Berichten voor je overzicht\n- Te controleren: paspoort van Tom" in body
    waiting.refresh_from_db()
    assert waiting.digested_at is not None
    stored = OutboxMessage.objects.get(kind=Kind.DIGEST, recipient=coordinator)
    assert stored.language == "nl"
    assert DigestSetting.objects.get(user=coordinator).last_sent_on == MONDAY


def test_the_digest_goes_once_a_day(django_capture_on_commit_callbacks):
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    leaving("Lotte", 2)

    run(django_capture_on_commit_callbacks)
    assert digest_to(coordinator) is not None
    run(django_capture_on_commit_callbacks)
    assert digest_to(coordinator) is None

    run(django_capture_on_commit_callbacks, on(1))
    assert digest_to(coordinator) is not None


def test_a_supervisor_reads_only_their_own_stays(django_capture_on_commit_callbacks):
    mine, other = UserFactory.create(role=Role.SUPERVISOR), UserFactory.create(role=Role.SUPERVISOR)
    leaving("Lotte", 1, supervisor=mine)
    theirs = leaving("Tom", 2, supervisor=other)
    Incident.objects.create(
        mobility=theirs, kind="illness", severity="minor", occurred_on=on(-5),
        description="-", follow_up_on=on(1),
    )  # fmt: skip

    run(django_capture_on_commit_callbacks)

    body = digest_to(mine).body
    assert "Lotte" in body
    assert "Tom" not in body and "Ziekte" not in body
    assert "Tom" in digest_to(other).body


def test_a_mentor_reads_the_departures_of_their_mentees_only(django_capture_on_commit_callbacks):
    mentor = UserFactory.create(role=Role.MENTOR)
    mentee = stay(
        student_user("Lotte"), step=Step.PREPARATION, mentor=mentor, departure_date=on(3),
        return_date=on(60),
    )  # fmt: skip
    leaving("Tom", 2)

    run(django_capture_on_commit_callbacks)

    body = digest_to(mentor).body
    assert f"{dutch(mentee.departure_date)}: Lotte" in body
    assert "Tom" not in body


def test_nothing_to_say_sends_nothing(django_capture_on_commit_callbacks):
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    stay(student_user("Sanne"))  # nothing late, nothing leaving this week

    run(django_capture_on_commit_callbacks)

    assert digest_to(coordinator) is None
    assert not OutboxMessage.objects.filter(kind=Kind.DIGEST).exists()


def test_weekly_comes_on_monday_only_and_nobody_gets_one_at_the_weekend(
    django_capture_on_commit_callbacks,
):
    weekly = UserFactory.create(role=Role.COORDINATOR)
    DigestSetting.objects.create(user=weekly, frequency=DigestFrequency.WEEKLY)
    daily = UserFactory.create(role=Role.COORDINATOR)
    due(stay(student_user("Sanne")), "orientation-programme-conditions", on(-1))  # late all week

    run(django_capture_on_commit_callbacks, on(1))  # Tuesday
    assert digest_to(weekly) is None and digest_to(daily) is not None
    run(django_capture_on_commit_callbacks, on(5))  # Saturday
    assert digest_to(daily) is None
    run(django_capture_on_commit_callbacks, on(7))  # the next Monday
    assert digest_to(weekly) is not None


def test_off_students_and_users_without_an_address_get_no_digest(
    django_capture_on_commit_callbacks,
):
    off = UserFactory.create(role=Role.COORDINATOR)
    DigestSetting.objects.create(user=off, frequency=DigestFrequency.OFF)
    no_address = UserFactory.create(role=Role.COORDINATOR, email="")
    lotte = leaving("Lotte", 2)

    run(django_capture_on_commit_callbacks)

    assert digest_to(off) is None
    assert digest_to(lotte.student.user) is None
    assert not OutboxMessage.objects.filter(kind=Kind.DIGEST, recipient=no_address).exists()


def test_a_long_list_is_cut_short_with_how_many_more(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(digest, "LIMIT", 2)
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    for offset, name in enumerate(["Anna", "Bram", "Cas", "Dirk"]):
        leaving(name, offset)

    run(django_capture_on_commit_callbacks)

    body = digest_to(coordinator).body
    assert "Anna" in body and "Bram" in body and "Cas" not in body
    assert "… en nog 2 in Wegwijzer." in body


def test_the_queries_do_not_grow_with_the_data():
    coordinator = UserFactory.create(role=Role.COORDINATOR)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert digest.overview_for(coordinator, MONDAY, [])
        return len(captured)

    leaving("Anna", 1)
    few = queries()
    for offset, name in enumerate(["Bram", "Cas", "Dirk"]):
        mobility = leaving(name, offset)
        due(mobility, "orientation-programme-conditions", on(-1))
        Incident.objects.create(
            mobility=mobility, kind="illness", severity="minor", occurred_on=on(-5),
            description="-", follow_up_on=on(1),
        )  # fmt: skip

    assert queries() == few
