"""What a reader wants to receive: per kind off, at once or in the digest; safety fixed."""

import re

import pytest
from django.urls import reverse

from wegwijzer.audit.models import AuditEntry
from wegwijzer.notifications import inbox
from wegwijzer.notifications.kinds import Delivery, Kind
from wegwijzer.notifications.models import DigestFrequency, DigestSetting, Preference

pytestmark = pytest.mark.django_db

SETTINGS = reverse("notifications:preferences")


def shown_form(client) -> dict[str, str]:
    """The form's fields as shown: each checked radio button and the hidden version."""
    page = client.get(SETTINGS).content.decode()
    data = dict(re.findall(r'name="(\w+)" value="(\w+)"[^>]*checked', page))
    version = re.search(r'name="version" value="(\w+)"', page)
    assert version
    data["version"] = version.group(1)
    return data


def test_a_supervisor_chooses_per_kind_and_sees_the_safety_kinds_as_fixed(client, supervisor):
    client.force_login(supervisor)

    page = client.get(SETTINGS).content.decode()

    assert "Wat je ontvangt" in page
    assert "Een guardian" not in page
    assert 'name="to_check"' in page and 'name="digest"' in page
    # Safety kinds are named, never offered as a choice.
    assert "Altijd meteen" in page
    assert "Een student vraagt om hulp bij een veiligheidscontrole" in page
    assert 'name="roll_call_help"' not in page and 'name="serious_incident"' not in page
    # A guardian's reminder is no reader's choice; a student's DUO message is not a supervisor's.
    assert 'name="link_reminder"' not in page and 'name="duo"' not in page


def test_a_mentor_is_offered_only_what_reaches_a_mentor(client, mentor):
    client.force_login(mentor)

    page = client.get(SETTINGS).content.decode()

    # Told of a no-go or break-off of a mentee, never of a guardian's consent or a check.
    assert 'name="stay_stopped"' in page and 'name="due_items"' in page
    assert 'name="consent_answered"' not in page and 'name="to_check"' not in page


def test_a_student_chooses_at_once_or_off_without_a_digest(client, student):
    client.force_login(student)

    page = client.get(SETTINGS).content.decode()

    assert 'name="duo"' in page and 'name="due_items"' in page
    assert 'name="digest"' not in page and 'value="digest"' not in page
    assert 'name="to_check"' not in page and "Altijd meteen" not in page


def test_saving_stores_the_choices_and_records_them(client, supervisor):
    client.force_login(supervisor)
    data = shown_form(client)
    assert data["to_check"] == Delivery.IMMEDIATELY and data["digest"] == DigestFrequency.DAILY

    data.update(to_check=Delivery.DIGEST, stay_stopped=Delivery.OFF, digest=DigestFrequency.WEEKLY)
    response = client.post(SETTINGS, data, follow=True)

    assert "Je instellingen zijn opgeslagen." in response.content.decode()
    assert dict(Preference.objects.filter(user=supervisor).values_list("kind", "delivery")) == {
        Kind.TO_CHECK: Delivery.DIGEST,
        Kind.STAY_STOPPED: Delivery.OFF,
    }
    assert DigestSetting.objects.get(user=supervisor).frequency == DigestFrequency.WEEKLY
    entries = AuditEntry.objects.filter(actor=supervisor).order_by("pk")
    assert [(e.object_label, e.changes) for e in entries] == [
        ("Something waits for your check", {"delivery": ["immediately", "digest"]}),
        ("A stay was stopped (no-go or broken off)", {"delivery": ["immediately", "off"]}),
        ("Morning digest", {"frequency": ["daily", "weekly"]}),
    ]
    assert shown_form(client)["to_check"] == Delivery.DIGEST


def test_saving_what_was_shown_changes_nothing(client, mentor):
    client.force_login(mentor)

    response = client.post(SETTINGS, shown_form(client), follow=True)

    assert "Er is niets gewijzigd." in response.content.decode()
    assert not Preference.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("posted", [Delivery.OFF, Delivery.DIGEST])
def test_switching_off_a_safety_kind_is_refused(client, coordinator, posted):
    client.force_login(coordinator)
    data = {**shown_form(client), "roll_call_help": posted, "to_check": Delivery.OFF}

    response = client.post(SETTINGS, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "gaat over iemands veiligheid" in page and "kan niet uit" in page
    assert not Preference.objects.exists() and not AuditEntry.objects.exists()


def test_a_stale_form_changes_nothing_and_says_so(client, supervisor):
    client.force_login(supervisor)
    data = shown_form(client)
    # Meanwhile, in another tab:
    Preference.objects.create(user=supervisor, kind=Kind.HOST_ANSWERED, delivery=Delivery.OFF)

    response = client.post(SETTINGS, {**data, "to_check": Delivery.OFF}, follow=True)

    assert "Je instellingen zijn intussen ergens anders gewijzigd" in response.content.decode()
    assert list(Preference.objects.values_list("kind", flat=True)) == [Kind.HOST_ANSWERED]
    assert not AuditEntry.objects.exists()


def test_a_choice_not_offered_is_refused(client, student):
    client.force_login(student)

    response = client.post(SETTINGS, {**shown_form(client), "duo": Delivery.DIGEST})

    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_post_without_data_changes_nothing(client, mentor):
    client.force_login(mentor)

    response = client.post(SETTINGS, {})

    assert response.status_code == 200 and "Dit veld is verplicht" in response.content.decode()
    assert not Preference.objects.exists()


def test_an_english_reader_sees_the_settings_in_english(english, supervisor):
    english.force_login(supervisor)

    page = english.get(SETTINGS).content.decode()

    assert "What you receive" in page and "Always at once" in page
    assert "Something waits for your check" in page and "every working day" in page


def test_the_version_follows_the_choices(supervisor):
    before = inbox.version_of(inbox.current_choices(supervisor))
    Preference.objects.create(user=supervisor, kind=Kind.TO_CHECK, delivery=Delivery.DIGEST)

    assert inbox.version_of(inbox.current_choices(supervisor)) != before
