"""The host company's mid-term feedback during the stay, and what its evaluation changes on
the company (issue 15)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.links.helpers import at_step, host_of, make_link, minor_mobility, send
from wegwijzer.audit.models import AuditEntry
from wegwijzer.hosts.models import HostCompany, HostContact
from wegwijzer.links import services
from wegwijzer.links.models import Purpose, SignedLink, expiry_for
from wegwijzer.mobilities.models import ItemStatus
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification
from wegwijzer.notifications.reminders import send_link_reminders
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

MIDTERM = {
    "attitude": "good", "skill_level": "very_good", "going_well": "Friendly with guests.",
    "to_improve": "Ask for help sooner.", "concern": "", "trainer_name": "Carmen López",
    "name": "Luis Ortega",
}  # fmt: skip
EVALUATION = {
    "overall": "good", "welcomes_more": "no", "strengths": "Punctual.",
    "skills": "Receiving guests in Spanish\nWorking in a team", "trainer_name": "Jonas Becker",
    "trainer_email": "jonas@example.es", "name": "Luis Ortega",
}  # fmt: skip


def url(token):
    return reverse("links:open", args=[token])


def abroad(supervisor=None):
    mobility = at_step(minor_mobility(), Step.ABROAD)
    if supervisor:
        mobility.supervisor = supervisor
        mobility.save(update_fields=["supervisor"])
    return mobility


def test_supervisor_sends_mid_term_feedback_link_during_the_stay(
    supervisor, django_capture_on_commit_callbacks, mailoutbox
):
    mobility = abroad(supervisor)

    link, token = send(
        mobility, supervisor, Purpose.HOST_MIDTERM, capture=django_capture_on_commit_callbacks
    )

    assert link.recipient_email == "carmen@example.es" and token
    assert "Mid-term feedback" in mailoutbox[-1].subject


@pytest.mark.parametrize("step", [Step.PREPARATION, Step.BACK_HOME])
def test_mid_term_feedback_is_asked_only_during_the_stay(english_messages, step):
    mobility = at_step(minor_mobility(), step)

    reason = services.why_not_sendable(mobility, Purpose.HOST_MIDTERM, None, [])

    assert "during the stay" in reason


def test_mid_term_link_works_until_a_week_after_the_last_day():
    mobility = abroad()
    sent = timezone.now()

    expires = expiry_for(Purpose.HOST_MIDTERM, mobility, sent)

    last = mobility.last_day + datetime.timedelta(weeks=1, days=1)
    assert timezone.localdate(expires) == max(
        last, timezone.localdate(sent + datetime.timedelta(days=14))
    )


def test_host_gives_mid_term_feedback_in_english_and_the_supervisor_hears_of_it(client, supervisor):
    mobility = abroad(supervisor)
    link, token = make_link(mobility, Purpose.HOST_MIDTERM, created_by=supervisor)

    page = client.get(url(token))
    response = client.post(url(token), MIDTERM)

    assert page.status_code == 200
    assert "halfway through the internship" in page.content.decode()
    assert page.headers["Content-Language"] == "en"
    assert "Thank you" in response.content.decode()
    link.refresh_from_db()
    assert link.used_at and link.answers["going_well"] == "Friendly with guests."
    # It settles no checklist item: the progress item stays the supervisor's.
    progress = mobility.items.get(template_item__key="abroad-progress")
    assert progress.status == ItemStatus.OPEN
    assert Notification.objects.filter(user=supervisor, kind=Kind.HOST_ANSWERED).exists()
    entry = AuditEntry.objects.filter(object_id=str(link.public_id)).latest("pk")
    assert "Luis Ortega" in str(entry.actor_label)


def test_mid_term_feedback_shows_on_the_links_card_and_the_host_page(english, coordinator):
    mobility = abroad()
    _link, token = make_link(mobility, Purpose.HOST_MIDTERM)
    english.post(url(token), MIDTERM)
    english.force_login(coordinator)

    stay = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    host = english.get(reverse("hosts:detail", args=[host_of(mobility).public_id]))

    assert "Friendly with guests." in stay and "Attitude and punctuality" in stay
    assert "Friendly with guests." in host.content.decode()


def test_a_second_mid_term_answer_is_refused_by_the_used_link(client):
    mobility = abroad()
    _link, token = make_link(mobility, Purpose.HOST_MIDTERM)
    client.post(url(token), MIDTERM)

    again = client.post(url(token), MIDTERM | {"going_well": "Other"})

    assert again.status_code == 410
    assert SignedLink.objects.get().answers["going_well"] == "Friendly with guests."


def test_mid_term_link_closes_when_the_stay_ends(client):
    mobility = abroad()
    _link, token = make_link(mobility, Purpose.HOST_MIDTERM)
    mobility.outcome = "broken_off"
    mobility.save(update_fields=["outcome"])

    assert client.get(url(token)).status_code == 410


def test_mid_term_answers_are_scrubbed_with_the_student(client, coordinator):
    mobility = abroad()
    _link, token = make_link(mobility, Purpose.HOST_MIDTERM)
    client.post(url(token), MIDTERM | {"concern": "Seems homesick."})

    services.scrub_student_links(mobility.student, by=coordinator)

    link = SignedLink.objects.get()
    assert link.answers == {} and link.submitted_name == ""


# The evaluation updates the company


def test_evaluation_updates_welcome_and_keeps_the_trainer_once(client):
    mobility = at_step(minor_mobility(), Step.BACK_HOME)
    host = host_of(mobility)
    assert host.welcomes_students
    _link, token = make_link(mobility, Purpose.HOST_EVALUATION)

    client.post(url(token), EVALUATION)

    host.refresh_from_db()
    assert host.welcomes_students is False
    trainer = HostContact.objects.get(host=host)
    assert (trainer.name, trainer.email) == ("Jonas Becker", "jonas@example.es")
    link = SignedLink.objects.get()
    assert link.answers["skills"] == "Receiving guests in Spanish\nWorking in a team"
    change = AuditEntry.objects.get(object_id=str(host.public_id), action="change")
    assert change.changes["welcomes_students"] == ["True", "False"]
    assert "Luis Ortega" in str(change.actor_label)
    assert AuditEntry.objects.filter(object_id=str(trainer.public_id), action="create").exists()

    # A second stay at the company, evaluated by the same trainer: no second contact.
    second = at_step(minor_mobility(), Step.BACK_HOME)
    second.host_company = host
    second.save(update_fields=["host_company"])
    _link, token = make_link(second, Purpose.HOST_EVALUATION)
    client.post(url(token), EVALUATION | {"welcomes_more": "yes", "trainer_name": "J. Becker"})

    host.refresh_from_db()
    assert host.welcomes_students is True
    assert HostContact.objects.filter(host=host).count() == 1


def test_perhaps_leaves_the_welcome_as_it_is_and_the_main_contact_is_not_copied(client):
    mobility = at_step(minor_mobility(), Step.BACK_HOME)
    _link, token = make_link(mobility, Purpose.HOST_EVALUATION)

    client.post(
        url(token),
        EVALUATION | {"welcomes_more": "maybe", "trainer_name": "Carmen Ruiz", "trainer_email": ""},
    )

    host = HostCompany.objects.get(pk=host_of(mobility).pk)
    assert host.welcomes_students is True
    assert not HostContact.objects.exists()
    assert mobility.items.get(template_item__key="back-host-evaluation").status == "done"


def test_the_supervisor_finds_the_mid_term_link_on_the_stays_links_card(english, supervisor):
    mobility = abroad(supervisor)
    english.force_login(supervisor)

    content = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content
    before = english.get(
        reverse("mobilities:detail", args=[at_step(minor_mobility(), Step.PREPARATION).public_id])
    )

    assert b'name="purpose" value="host_midterm"' in content
    assert b'value="host_midterm"' not in before.content


def test_an_unanswered_mid_term_link_is_reminded_once_in_english(
    django_capture_on_commit_callbacks, mailoutbox
):
    mobility = abroad()
    make_link(
        mobility, Purpose.HOST_MIDTERM,
        expires_at=timezone.now() + datetime.timedelta(days=2),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert send_link_reminders(timezone.now()) == 1

    assert "mid-term feedback" in mailoutbox[-1].body
