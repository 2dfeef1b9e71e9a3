"""Every create and change of a link is in the mobility's history: who, when, what, before/after."""

import pytest
from django.urls import reverse

from tests.links.helpers import make_link, minor_mobility, send
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.links import services

pytestmark = pytest.mark.django_db


def entries(link):
    return AuditEntry.objects.filter(object_type="links.signedlink", object_id=str(link.public_id))


def test_sending_records_who_sent_what_to_whom(coordinator, django_capture_on_commit_callbacks):
    mobility = minor_mobility()

    link, _token = send(mobility, coordinator, capture=django_capture_on_commit_callbacks)

    created, sent = entries(link).order_by("pk")
    assert created.action == Action.CREATE and created.actor == coordinator
    assert created.mobility == mobility and created.student == mobility.student
    assert created.object_label == "Guardian's consent"
    assert created.changes["recipient_email"] == ["", "anna@example.org"]
    assert sent.action == Action.CHANGE and sent.actor is None
    assert sent.actor_label == "Wegwijzer" and sent.changes["sent_at"][0] == ""


def test_revoking_records_who_revoked_it(coordinator):
    mobility = minor_mobility()
    link, _token = make_link(mobility)

    services.revoke_link(link, by=coordinator)

    entry = entries(link).get()
    assert entry.action == Action.CHANGE and entry.actor == coordinator
    assert entry.mobility == mobility and entry.student == mobility.student
    assert entry.changes["revoked_at"][0] == "" and entry.changes["revoked_at"][1]


def test_resending_records_the_revoke_and_the_new_link(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    old, _token = make_link(mobility)

    with django_capture_on_commit_callbacks(execute=True):
        new = services.resend_link(old, by=coordinator, domain="testserver", use_https=True)

    assert list(entries(old).values_list("action", "actor")) == [(Action.CHANGE, coordinator.pk)]
    assert entries(new).filter(action=Action.CREATE, actor=coordinator).exists()


def test_an_answer_is_recorded_under_the_name_given_through_the_link(client):
    mobility = minor_mobility()
    link, token = make_link(mobility)

    client.post(
        reverse("links:open", args=[token]),
        {"consent": "given", "name": "Anna de Vries", "is_guardian": "on"},
        REMOTE_ADDR="198.51.100.7",
    )

    answered = entries(link).get()
    assert answered.actor is None
    assert answered.actor_label == "Anna de Vries (ouder/verzorger, via link)"
    assert answered.mobility == mobility and answered.student == mobility.student
    assert answered.changes["submitted_name"] == ["", "Anna de Vries"]
    assert "198.51.100.7" not in answered.note and "198.51.100.7" not in str(answered.changes)
    completed = mobility.audit_entries.get(action=Action.COMPLETE)
    assert completed.actor is None
    assert completed.actor_label == "Anna de Vries (ouder/verzorger, via link)"
    assert completed.changes == {"status": ["open", "done"]}


def test_a_host_answer_is_recorded_as_the_host_company(client):
    mobility = minor_mobility()
    link, token = make_link(mobility, "host_agreement")

    client.post(
        reverse("links:open", args=[token]),
        {
            "supervisor_name": "Carmen Ruiz", "supervisor_email": "carmen@example.es",
            "agreed": "on", "name": "Luis Ortega",
        },
    )  # fmt: skip

    assert entries(link).get().actor_label == "Luis Ortega (leerbedrijf, via link)"


def test_a_refusal_is_recorded_on_the_item_without_completing_it(client):
    mobility = minor_mobility()
    _link, token = make_link(mobility)

    client.post(
        reverse("links:open", args=[token]),
        {"consent": "refused", "name": "Anna de Vries", "is_guardian": "on"},
    )

    noted = mobility.audit_entries.get(object_type="mobilities.checklistitem")
    assert noted.action == Action.CHANGE
    assert noted.actor_label == "Anna de Vries (ouder/verzorger, via link)"
    assert "Toestemming geweigerd door Anna de Vries" in noted.note
    assert not mobility.audit_entries.filter(action=Action.COMPLETE).exists()


def test_the_mobility_history_shows_link_entries_in_the_readers_language(
    english, coordinator, django_capture_on_commit_callbacks
):
    mobility = minor_mobility()
    link, _token = send(mobility, coordinator, capture=django_capture_on_commit_callbacks)
    services.revoke_link(link, by=coordinator)
    english.force_login(coordinator)

    content = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    history = content[content.index('id="history-title"') :]
    assert "Guardian&#x27;s consent" in history
    assert "Recipient&#x27;s e-mail" in history and "anna@example.org" in history
    assert "Revoked" in history
