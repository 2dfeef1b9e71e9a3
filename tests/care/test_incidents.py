"""Incidents on a mobility: logging, the coordinators' notice, breaking off, who sees them."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.care.helpers import abroad
from tests.factories import UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.care.models import Incident
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.notifications.models import Notification

pytestmark = pytest.mark.django_db


def facts(**changes):
    return {
        "kind": "illness", "severity": "minor", "occurred_on": datetime.date.today().isoformat(),
        "description": "Food poisoning, saw a doctor", "actions_taken": "Called the host",
        "follow_up_on": "", **changes,
    }  # fmt: skip


def create_url(mobility):
    return reverse("care:incident-create", args=[mobility.public_id])


def test_a_serious_incident_notifies_every_coordinator_at_once(
    client, supervisor, coordinator, django_capture_on_commit_callbacks
):
    other = UserFactory.create(role=Role.COORDINATOR, email="second@school.example")
    UserFactory.create(role=Role.COORDINATOR, email="gone@school.example", is_active=False)
    mobility = abroad("PT", "Lisbon")
    Mobility.objects.filter(pk=mobility.pk).update(supervisor=supervisor)
    client.force_login(supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(mobility), facts(kind="accident", severity="serious"))

    assert response.status_code == 302
    incident = Incident.objects.get(mobility=mobility)
    assert incident.reported_by == supervisor
    # One e-mail each, to every active coordinator and to the stay's supervisor.
    to = {message.to[0]: message for message in mail.outbox}
    assert {coordinator.email, other.email, supervisor.email} <= set(to)
    assert set(to) == set(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.COORDINATOR) | Q(pk=supervisor.pk))
        .values_list("email", flat=True)
    )
    assert "gone@school.example" not in to
    notice = to[other.email]
    assert notice.subject == f"Ernstig incident: {mobility.student.full_name} in Lisbon, Portugal"
    assert f"/mobilities/{mobility.public_id}/" in notice.body
    assert "(Ongeval)" in notice.body
    # What happened stays behind the login.
    assert all("Food poisoning" not in message.body for message in mail.outbox)
    assert Notification.objects.filter(user=supervisor, kind="serious_incident").count() == 1
    entry = AuditEntry.objects.get(object_type="care.incident", action=Action.CREATE)
    assert (entry.mobility, entry.student) == (mobility, mobility.student)


def test_a_minor_incident_notifies_nobody(client, coordinator, django_capture_on_commit_callbacks):
    mobility = abroad()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(mobility), facts())

    assert Incident.objects.filter(mobility=mobility).count() == 1
    assert mail.outbox == []


def test_raising_the_severity_notifies_and_is_audited_with_before_and_after(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = abroad()
    client.force_login(coordinator)
    client.post(create_url(mobility), facts())
    incident = Incident.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("care:incident-edit", args=[incident.public_id]),
            facts(severity="critical", follow_up_done=""),
        )

    incident.refresh_from_db()
    assert incident.severity == "critical"
    change = AuditEntry.objects.get(object_type="care.incident", action=Action.CHANGE)
    assert change.changes == {"severity": ["minor", "critical"]}
    coordinators = User.objects.filter(role=Role.COORDINATOR, is_active=True)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        coordinators.values_list("email", flat=True)
    )
    assert coordinator.email in {message.to[0] for message in mail.outbox}


def test_breaking_off_from_the_incident_closes_the_mobility(client, coordinator):
    mobility = abroad()
    client.force_login(coordinator)

    client.post(
        create_url(mobility),
        facts(kind="disaster", description="Earthquake; flying home", break_off="on"),
    )

    mobility.refresh_from_db()
    assert mobility.outcome == Outcome.BROKEN_OFF
    assert mobility.outcome_reason == "Earthquake; flying home"
    assert mobility.actual_return_date == datetime.date.today()


def test_the_mobility_page_shows_incidents_to_coordinator_and_supervisor_only(
    client, coordinator, supervisor, mentor, student
):
    mobility = abroad()
    Mobility.objects.filter(pk=mobility.pk).update(supervisor=supervisor)
    student_record = student.student
    Mobility.objects.filter(pk=mobility.pk).update(student=student_record)
    student_record.mentor = mentor
    student_record.save()
    client.force_login(coordinator)
    client.post(create_url(mobility), facts(description="Lost passport at the station"))
    page = reverse("mobilities:detail", args=[mobility.public_id])

    seen = {}
    for user in (coordinator, supervisor, mentor, student):
        client.force_login(user)
        seen[user.role] = "Lost passport at the station" in client.get(page).content.decode()

    assert seen == {"coordinator": True, "supervisor": True, "mentor": False, "student": False}


def test_a_mentor_may_not_log_an_incident(client, mentor):
    mobility = abroad()
    student = mobility.student
    student.mentor = mentor
    student.save()
    client.force_login(mentor)

    response = client.post(create_url(mobility), facts())

    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_the_incident_list_filters_open_follow_ups(english, coordinator):
    mobility = abroad()
    english.force_login(coordinator)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    english.post(create_url(mobility), facts(kind="theft", follow_up_on=tomorrow))
    english.post(create_url(mobility), facts(kind="homesickness"))

    content = english.get(reverse("care:incidents") + "?follow_up=open").content.decode()

    assert "Theft or loss" in content and "Homesickness" not in content


def test_the_incident_list_costs_the_same_queries_however_many(client, coordinator):
    client.force_login(coordinator)
    counts = []
    for number in range(2):
        for _ in range(1 + number * 8):
            client.post(create_url(abroad()), facts())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("care:incidents"))
        counts.append(len(queries))
        assert response.content.decode().count("/incidents/") >= Incident.objects.count()

    assert counts[0] == counts[1]


def test_the_student_page_history_leaves_out_incidents_for_the_mentor(client, coordinator, mentor):
    mobility = abroad()
    student = mobility.student
    student.mentor = mentor
    student.save()
    client.force_login(coordinator)
    client.post(create_url(mobility), facts(description="Arrested after a fight"))
    page = reverse("students:detail", args=[student.public_id])

    as_coordinator = client.get(page).content.decode()
    client.force_login(mentor)
    as_mentor = client.get(page).content.decode()

    assert "Arrested after a fight" in as_coordinator
    assert "Arrested after a fight" not in as_mentor
