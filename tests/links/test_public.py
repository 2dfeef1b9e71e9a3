"""The page a link opens, for guardians and host companies without an account: every state."""

import datetime
import logging
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import HostCompanyFactory, MobilityFactory
from tests.links.helpers import at_step, host_of, make_link, minor_mobility
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.links.logging import HideLinkTokens
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

CONSENT = {"consent": "given", "name": "Anna de Vries", "is_guardian": "on", "remarks": ""}


def url(token):
    return reverse("links:open", args=[token])


def consent_item(mobility):
    return mobility.items.get(template_item__key="decision-guardian-consent")


# A valid link


def test_valid_guardian_link_shows_the_essentials_in_dutch(client, settings):
    settings.SCHOOL_EMERGENCY_PHONE = "+31 20 123 4567"
    mobility = minor_mobility(destination_city="Valencia")
    _link, token = make_link(mobility)

    response = client.get(url(token))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Toestemming voor het verblijf in het buitenland van" in content
    assert escape(mobility.student.first_name) in content
    assert "Valencia, Spanje" in content
    assert "Hotel Mar Azul" in content
    assert "+31 20 123 4567" in content
    assert 'name="consent"' in content and 'name="name"' in content
    assert response.headers["Cache-Control"].startswith("max-age=0")
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_valid_guardian_link_speaks_english_when_chosen(english):
    _link, token = make_link(minor_mobility())

    content = english.get(url(token)).content.decode()

    assert "Consent for the stay abroad of" in content
    assert "I give my consent for this stay abroad" in content


def test_guardian_consent_completes_the_item_with_name_time_and_address(client):
    mobility = minor_mobility()
    link, token = make_link(mobility)

    response = client.post(url(token), CONSENT, REMOTE_ADDR="198.51.100.7")

    link.refresh_from_db()
    item = consent_item(mobility)
    assert response.status_code == 200
    assert "Dank je wel" in response.content.decode() or "Bedankt" in response.content.decode()
    assert link.used_at is not None
    assert link.submitted_name == "Anna de Vries"
    assert link.submitted_ip == "198.51.100.7"
    assert link.answers == {"consent": "given", "is_guardian": True, "remarks": ""}
    assert item.status == ItemStatus.DONE
    assert item.done_on == timezone.localdate()
    assert "Anna de Vries" in item.note
    # The address is evidence for the coordinator, not for everyone who reads the item.
    assert "198.51.100.7" not in item.note


def test_behind_a_proxy_the_address_the_proxy_added_is_recorded(client, settings):
    settings.BEHIND_PROXY = True
    link, token = make_link(minor_mobility())

    client.post(
        url(token), CONSENT, REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.44",
    )  # fmt: skip

    link.refresh_from_db()
    assert link.submitted_ip == "192.0.2.44"


def test_refused_consent_leaves_the_item_open_with_a_note(client):
    mobility = minor_mobility()
    link, token = make_link(mobility)

    response = client.post(url(token), CONSENT | {"consent": "refused", "remarks": "Te jong."})

    link.refresh_from_db()
    item = consent_item(mobility)
    assert response.status_code == 200
    assert "coördinator neemt contact met je op" in response.content.decode()
    assert link.used_at is not None and link.consent_refused
    assert item.status == ItemStatus.OPEN
    assert "Toestemming geweigerd door Anna de Vries" in item.note
    # The remark may hold medical details: kept on the link, not in the item or the trail.
    assert "Met een opmerking" in item.note and "Te jong." not in item.note
    assert link.answers["remarks"] == "Te jong."
    assert not AuditEntry.objects.filter(note__contains="Te jong.").exists()


def test_an_incomplete_answer_is_shown_again_and_changes_nothing(client):
    mobility = minor_mobility()
    link, token = make_link(mobility)

    response = client.post(url(token), CONSENT | {"name": "", "is_guardian": ""})

    link.refresh_from_db()
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert link.used_at is None
    assert consent_item(mobility).status == ItemStatus.OPEN


# Links that open nothing: each says what to do, shows nothing of the student, changes nothing


def expired(mobility):
    return make_link(mobility, expires_at=timezone.now() - datetime.timedelta(minutes=1))


def revoked(mobility):
    return make_link(mobility, revoked_at=timezone.now())


def used(mobility):
    return make_link(
        mobility, used_at=timezone.now(), submitted_name="Anna de Vries",
        answers={"consent": "given"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("make", "heading"),
    [
        (expired, "This link has expired"),
        (revoked, "This link is no longer valid"),
        (used, "This link has been used already"),
    ],
)
def test_a_closed_link_gets_a_friendly_page_and_changes_nothing(english, make, heading):
    mobility = minor_mobility(destination_city="Valencia")
    link, token = make(mobility)
    before = AuditEntry.objects.count()

    shown = english.get(url(token))
    posted = english.post(url(token), CONSENT | {"name": "Someone Else"})

    link.refresh_from_db()
    for response in (shown, posted):
        content = response.content.decode()
        assert response.status_code == 410
        assert heading in content
        assert "coordinator" in content
        assert escape(mobility.student.full_name) not in content and "Valencia" not in content
    assert link.submitted_name in ("", "Anna de Vries")
    assert consent_item(mobility).status == ItemStatus.OPEN
    assert AuditEntry.objects.count() == before


def test_a_link_works_once(english):
    mobility = minor_mobility()
    link, token = make_link(mobility)
    english.post(url(token), CONSENT)

    again = english.post(url(token), CONSENT | {"consent": "refused", "name": "Someone Else"})

    link.refresh_from_db()
    assert again.status_code == 410
    assert "This link has been used already" in again.content.decode()
    assert link.submitted_name == "Anna de Vries" and not link.consent_refused
    assert consent_item(mobility).status == ItemStatus.DONE


@pytest.mark.parametrize("altered", ["made-up-token", "{token}x", "{other}{token_tail}"])
def test_a_tampered_link_is_not_found_and_changes_nothing(english, altered):
    mobility = minor_mobility()
    link, token = make_link(mobility)
    # Another first character than the token's own (a token may start with an x).
    other = "y" if token.startswith("x") else "x"
    tampered = altered.format(token=token, token_tail=token[1:], other=other)

    shown = english.get(url(tampered))
    posted = english.post(url(tampered), CONSENT)

    for response in (shown, posted):
        assert response.status_code == 404
        content = response.content.decode()
        assert "This link does not work" in content
        assert escape(mobility.student.full_name) not in content
    link.refresh_from_db()
    assert link.used_at is None
    assert consent_item(mobility).status == ItemStatus.OPEN


def test_a_link_only_ever_acts_on_its_own_mobility(client):
    mobility = minor_mobility()
    other = MobilityFactory.create(student=mobility.student)
    _link, token = make_link(mobility)
    other_item = consent_item(other)

    # Whatever the form carries, the mobility and item come from the link alone.
    client.post(
        url(token), CONSENT | {"mobility": str(other.public_id), "item": str(other_item.public_id)}
    )

    other_item.refresh_from_db()
    assert consent_item(mobility).status == ItemStatus.DONE
    assert other_item.status == ItemStatus.OPEN
    assert not other.audit_entries.filter(action=Action.COMPLETE).exists()


def test_a_link_of_another_mobility_opens_that_mobility_only(client):
    mobility, other = minor_mobility(), minor_mobility(destination_city="Porto")
    _link, token = make_link(mobility)
    make_link(other)

    content = client.get(url(token)).content.decode()

    assert escape(mobility.student.full_name) in content
    assert escape(other.student.full_name) not in content and "Porto" not in content


def test_a_link_whose_item_is_settled_already_is_no_longer_needed(english, coordinator):
    mobility = minor_mobility()
    link, token = make_link(mobility)
    item = consent_item(mobility)
    mobility_services.complete_item(
        item, by=coordinator, version=item.version, done_on=timezone.localdate()
    )

    response = english.post(url(token), CONSENT)

    link.refresh_from_db()
    assert response.status_code == 410
    assert "This form is no longer needed" in response.content.decode()
    assert link.used_at is None


def test_a_link_of_a_closed_mobility_is_no_longer_needed(english, coordinator):
    mobility = minor_mobility()
    _link, token = make_link(mobility)
    mobility_services.cancel_mobility(
        mobility, by=coordinator, reason="Not going.", on=timezone.localdate()
    )

    response = english.get(url(token))

    assert response.status_code == 410
    assert "This form is no longer needed" in response.content.decode()


# Host companies: always in English


def test_host_agreement_page_is_in_english_without_a_language_switch(client):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    _link, token = make_link(mobility, Purpose.HOST_AGREEMENT)

    response = client.get(url(token))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in content
    assert "Supervision agreements for" in content
    assert 'value="carmen@example.es"' in content
    assert "set_language" not in content and 'name="language"' not in content


def test_host_confirms_the_supervision_agreements(client):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    link, token = make_link(mobility, Purpose.HOST_AGREEMENT)

    response = client.post(
        url(token),
        {
            "supervisor_name": "Carmen Ruiz", "supervisor_email": "carmen@example.es",
            "agreed": "on", "name": "Luis Ortega",
        },
    )  # fmt: skip

    link.refresh_from_db()
    item = mobility.items.get(template_item__key="preparation-supervision")
    assert "Thank you" in response.content.decode()
    assert item.status == ItemStatus.DONE
    assert link.answers["supervisor_name"] == "Carmen Ruiz" and link.answers["agreed"] is True
    assert link.submitted_name == "Luis Ortega"


def test_host_evaluates_the_stay_and_the_host_company_keeps_it(client, english, coordinator):
    mobility = at_step(minor_mobility(), Step.BACK_HOME)
    _link, token = make_link(mobility, Purpose.HOST_EVALUATION)

    client.post(
        url(token),
        {
            "overall": "good",
            "welcomes_more": "yes",
            "strengths": "Punctual.",
            "name": "Luis Ortega",
        },
    )

    item = mobility.items.get(template_item__key="back-host-evaluation")
    assert item.status == ItemStatus.DONE
    english.force_login(coordinator)
    host_page = english.get(reverse("hosts:detail", args=[host_of(mobility).public_id]))
    content = host_page.content.decode()
    assert "The company's evaluations and feedback" in content
    assert "Punctual." in content and "Luis Ortega" in content
    assert escape(mobility.student.full_name) in content


# Logs


def test_the_log_shows_a_links_path_without_its_token():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("GET /link/s3cr3t-T0ken/ HTTP/1.1", 200),
        None,
    )

    HideLinkTokens().filter(record)

    assert "s3cr3t" not in record.getMessage()
    assert "/link/[token]/" in record.getMessage()


def test_links_are_kept_with_only_the_hash_of_their_token(client):
    link, token = make_link(minor_mobility())

    stored = str(SignedLink.objects.values_list("token_hash", flat=True).get(pk=link.pk))

    assert token not in stored and len(stored) == 64


def test_a_consent_link_closes_when_the_guardian_is_removed(english):
    mobility = minor_mobility()
    _link, token = make_link(mobility)
    mobility.student.guardians.all().delete()

    response = english.post(url(token), CONSENT)

    assert response.status_code == 410
    assert "This form is no longer needed" in response.content.decode()
    assert consent_item(mobility).status == ItemStatus.OPEN


def test_a_host_link_closes_when_the_stay_moves_to_another_company(client):
    mobility = at_step(minor_mobility(), Step.PREPARATION)
    _link, token = make_link(mobility, Purpose.HOST_AGREEMENT)
    Mobility.objects.filter(pk=mobility.pk).update(host_company=HostCompanyFactory.create())

    response = client.get(url(token))

    assert response.status_code == 410
    assert "This form is no longer needed" in response.content.decode()


def test_the_request_log_never_shows_a_token(client, caplog):
    _link, token = make_link(minor_mobility(), revoked_at=timezone.now())

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(url(token))
        client.get(url("made-up-token"))

    assert caplog.records, "the 410 and 404 are logged"
    assert token not in caplog.text and "made-up-token" not in caplog.text


def test_the_school_contact_is_shown_once_when_the_supervisor_sent_the_link(client, supervisor):
    mobility = at_step(minor_mobility(supervisor=supervisor), Step.PREPARATION)
    _link, token = make_link(mobility, Purpose.HOST_AGREEMENT, created_by=supervisor)

    content = client.get(url(token)).content.decode()

    assert content.count(f"mailto:{supervisor.email}") == 1
    assert "Contact at the school" in content
