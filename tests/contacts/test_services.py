"""The agreement and the log through their services: audit, checklist, stale posts,
notifications."""

import datetime
from typing import Any

import pytest
from django.core import mail

from tests.contacts.helpers import TODAY, abroad, agree, log
from tests.factories import UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.contacts import services
from wegwijzer.contacts.models import ContactEntry
from wegwijzer.contacts.services import StaleContactError
from wegwijzer.mobilities.models import ItemStatus, Mobility, Outcome
from wegwijzer.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_agreement_plans_moments_and_marks_its_checklist_item_done(supervisor):
    mobility = abroad(supervisor=supervisor, departed_days_ago=0, days_left=60)
    item = mobility.items.get(template_item__key="abroad-contact-agreement")
    assert item.status == ItemStatus.OPEN

    agreement = agree(mobility, supervisor)

    assert agreement.version == 1
    assert mobility.contact_moments.count() == 6  # 4 weekly, then days 42 and 56
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    entry = AuditEntry.objects.get(object_type="contacts.contactagreement")
    assert (entry.action, entry.mobility, entry.actor) == (Action.CREATE, mobility, supervisor)


def test_a_stale_agreement_form_changes_nothing(supervisor):
    mobility = abroad(supervisor=supervisor)
    agree(mobility, supervisor)

    with pytest.raises(StaleContactError):
        services.set_agreement(
            mobility, by=supervisor, version=0, first_weeks=2, first_every_days=3,
            then_every_days=7, channel="phone", participants=["student"], note="",
        )  # fmt: skip

    assert mobility.contact_agreement.first_weeks == 4


def test_a_repeated_log_post_is_refused(supervisor):
    mobility = abroad(supervisor=supervisor)
    newest = services.newest_entry_id(mobility)
    facts: dict[str, Any] = {"held_on": TODAY, "channel": "phone", "participants": ["student"]}
    services.log_contact(mobility, by=supervisor, newest=newest, **facts)

    with pytest.raises(StaleContactError):
        services.log_contact(mobility, by=supervisor, newest=newest, **facts)

    assert ContactEntry.objects.filter(mobility=mobility).count() == 1


def test_the_trail_says_a_text_was_written_not_the_text(supervisor):
    mobility = abroad(supervisor=supervisor)

    log(mobility, supervisor, how_doing="Mist haar vriend erg", wellbeing=3, confidential=True)

    entry = AuditEntry.objects.get(object_type="contacts.contactentry")
    assert "Mist haar vriend" not in str(entry.changes)
    assert entry.changes["how_doing"] == ["", "•••"]
    assert entry.changes["wellbeing"] == ["", "3"]


def test_a_low_score_tells_the_coordinators_and_the_supervisor_once(
    supervisor, coordinator, django_capture_on_commit_callbacks
):
    UserFactory.create(role=Role.MENTOR)
    mobility = abroad(supervisor=supervisor)
    other = UserFactory.create(role=Role.COORDINATOR)

    with django_capture_on_commit_callbacks(execute=True):
        low = log(mobility, other, wellbeing=2, how_doing="Wil naar huis")

    assert low.flags
    told = set(Notification.objects.filter(kind="wellbeing_low").values_list("user", flat=True))
    # Not the one who logged it, never the mentor.
    coordinators = set(
        User.objects.filter(role=Role.COORDINATOR, is_active=True).values_list("pk", flat=True)
    )
    assert coordinator.pk in coordinators
    assert told == {supervisor.pk, *coordinators} - {other.pk}
    assert all("Wil naar huis" not in message.body for message in mail.outbox)
    assert any("2 van 5" in message.subject for message in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        log(mobility, other, wellbeing=4)
    assert Notification.objects.filter(kind="wellbeing_low").count() == len(told)


def test_a_check_in_is_refused_twice_but_not_after_a_staff_contact(student, supervisor):
    mobility = abroad(supervisor=supervisor, student=student.student)
    newest = services.newest_entry_id(mobility, author=student)
    log(mobility, supervisor)

    services.check_in(mobility, by=student, newest=newest, wellbeing=3)
    with pytest.raises(StaleContactError):
        services.check_in(mobility, by=student, newest=newest, wellbeing=3)

    assert ContactEntry.objects.filter(channel="check_in").count() == 1


def test_a_check_in_is_today_by_the_student(student, supervisor):
    mobility = abroad(supervisor=supervisor, student=student.student)

    entry = services.check_in(
        mobility, by=student, newest="", wellbeing=4, how_doing="Leuk!", wants_contact=True
    )

    assert (entry.channel, entry.held_on, entry.participants) == ("check_in", TODAY, ["student"])
    assert entry.wants_contact and entry.author == student


def test_a_score_outside_one_to_five_is_refused(supervisor):
    mobility = abroad(supervisor=supervisor)

    with pytest.raises(Exception, match="wellbeing"):
        log(mobility, supervisor, wellbeing=6)
    assert not ContactEntry.objects.exists()


def test_erasing_the_student_erases_the_contact_log(coordinator, supervisor):
    from wegwijzer.privacy.erasure import erase_student

    mobility = abroad(supervisor=supervisor)
    agree(mobility, supervisor)
    log(mobility, supervisor, wellbeing=2, how_doing="Alleen")
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.COMPLETED)

    erase_student(mobility.student, by=coordinator)

    assert not ContactEntry.objects.exists()
    from wegwijzer.contacts.models import ContactAgreement, ContactMoment

    assert not ContactAgreement.objects.exists()
    assert not ContactMoment.objects.exists()


def test_average_wellbeing(supervisor):
    from wegwijzer.contacts.queries import average_wellbeing, average_wellbeing_by_host
    from wegwijzer.hosts.models import HostCompany

    mobility = abroad(supervisor=supervisor)
    log(mobility, supervisor, days_ago=2, wellbeing=4)
    log(mobility, supervisor, days_ago=1, wellbeing=3)
    log(mobility, supervisor)

    assert average_wellbeing(Mobility.objects.all()) == pytest.approx(3.5)
    assert average_wellbeing_by_host(HostCompany.objects.all()) == {}
    assert datetime.date.today() == TODAY


def test_a_check_in_asking_for_contact_tells_the_supervisor_once(student, supervisor):
    mobility = abroad(supervisor=supervisor, student=student.student)

    services.check_in(mobility, by=student, newest=services.newest_entry_id(mobility),
                      wellbeing=4, wants_contact=True)  # fmt: skip
    services.check_in(mobility, by=student, newest=services.newest_entry_id(mobility),
                      wellbeing=4)  # fmt: skip

    told = Notification.objects.filter(kind="contact_requested")
    assert [(n.user, n.mobility) for n in told] == [(supervisor, mobility)]
    assert "4" in told.get().body


def test_a_check_in_asking_for_contact_tells_the_coordinators_when_there_is_no_supervisor(
    student, coordinator
):
    mobility = abroad(student=student.student)

    services.check_in(mobility, by=student, newest=services.newest_entry_id(mobility),
                      wellbeing=2, wants_contact=True)  # fmt: skip

    assert Notification.objects.filter(kind="contact_requested", user=coordinator).exists()
