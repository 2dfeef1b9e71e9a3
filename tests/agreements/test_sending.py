"""Sending an agreement for signing: refused while something is missing; each required
party gets its place, the guardian only for a minor, the host company its English copy."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.agreements.signing_helpers import ready_stay, send
from wegwijzer.agreements import content
from wegwijzer.agreements.models import Agreement, AgreementState, Kind, Party, StayTerms
from wegwijzer.links.models import Purpose, SignedLink

pytestmark = pytest.mark.django_db


def test_sending_is_refused_with_what_is_missing_and_makes_nothing(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = ready_stay()
    StayTerms.objects.filter(mobility=mobility).update(tasks="")
    host = mobility.host_company
    assert host is not None
    host.contact_email = ""
    host.save()

    with pytest.raises(ValidationError) as refused:
        send(mobility, coordinator, django_capture_on_commit_callbacks)

    text = " ".join(refused.value.messages)
    assert "de taken" in text
    assert "contactpersoon" in text or "e-mail" in text
    assert not Agreement.objects.exists()
    assert not SignedLink.objects.exists()
    assert mail.outbox == []


def test_the_mobility_page_lists_what_is_missing_instead_of_a_send_button(client, coordinator):
    mobility = ready_stay()
    StayTerms.objects.filter(mobility=mobility).update(tasks="")
    client.force_login(coordinator)

    page = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert 'id="agreements-title"' in page
    assert "Voordat deze verstuurd kan worden" in page
    assert "de taken" in page


def test_a_student_17_on_the_start_date_needs_the_guardian(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = ready_stay(age=17)

    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)

    parties = sorted(agreement.signatures.values_list("party", flat=True))
    assert parties == sorted([Party.STUDENT, Party.GUARDIAN, Party.HOST, Party.SCHOOL])
    guardian = agreement.signatures.get(party=Party.GUARDIAN)
    assert guardian.link is not None and guardian.link.recipient_email == "anna@example.org"
    assert {m.to[0] for m in mail.outbox} == {"anna@example.org", "carmen@example.es"}


def test_a_student_18_on_the_start_date_signs_without_a_guardian(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = ready_stay(age=18)

    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)

    assert not agreement.signatures.filter(party=Party.GUARDIAN).exists()
    assert [m.to[0] for m in mail.outbox] == ["carmen@example.es"]


def test_the_version_keeps_its_facts_pdf_and_hash(coordinator, django_capture_on_commit_callbacks):
    mobility = ready_stay()

    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)

    assert agreement.number == 1
    assert agreement.state == AgreementState.SIGNING
    assert agreement.language == "nl"
    assert bytes(agreement.pdf).startswith(b"%PDF")
    assert agreement.pdf_sha256 == content.sha256(bytes(agreement.pdf))
    assert agreement.fingerprint == content.fingerprint(content.facts(mobility, Kind.PLACEMENT))
    student = agreement.signatures.get(party=Party.STUDENT)
    assert student.user == mobility.student.user and student.link is None
    school = agreement.signatures.get(party=Party.SCHOOL)
    assert school.user == coordinator


def test_the_host_gets_an_english_copy_and_an_english_mail(
    coordinator, django_capture_on_commit_callbacks, tmp_path
):
    mobility = ready_stay()

    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)

    host = agreement.signatures.get(party=Party.HOST)
    assert host.link is not None and host.link.is_for_host
    english = bytes(host.pdf or b"")
    assert english.startswith(b"%PDF") and english != bytes(agreement.pdf)
    from pypdf import PdfReader

    path = tmp_path / "host.pdf"
    path.write_bytes(english)
    assert "Placement agreement" in PdfReader(path).pages[0].extract_text()
    (message,) = mail.outbox
    assert message.subject.startswith("Please sign: Placement agreement")
    assert "Dear Carmen Ruiz" in message.body


def test_a_student_without_an_account_gets_a_link(coordinator, django_capture_on_commit_callbacks):
    mobility = ready_stay(account=False)

    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)

    student = agreement.signatures.get(party=Party.STUDENT)
    assert student.link is not None and student.link.purpose == Purpose.AGREEMENT
    mails = {m.to[0]: m for m in mail.outbox}
    assert "Graag ondertekenen" in mails["student@example.org"].subject


def test_a_new_version_withdraws_the_open_one_and_revokes_its_links(
    coordinator, django_capture_on_commit_callbacks
):
    mobility = ready_stay()
    first = send(mobility, coordinator, django_capture_on_commit_callbacks)

    second = send(mobility, coordinator, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    assert second.number == 2
    assert first.state == AgreementState.WITHDRAWN
    old_link = first.signatures.get(party=Party.HOST).link
    assert old_link is not None and old_link.revoked_at is not None


def test_only_a_coordinator_sends(client, supervisor, django_capture_on_commit_callbacks):
    mobility = ready_stay()
    mobility.supervisor = supervisor
    mobility.save()
    client.force_login(supervisor)

    response = client.post(
        reverse("agreements:send", args=[mobility.public_id]), {"kind": Kind.PLACEMENT}
    )

    assert response.status_code == 403
    assert not Agreement.objects.exists()


def test_the_coordinator_sends_from_the_mobility_page(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = ready_stay()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agreements:send", args=[mobility.public_id]), {"kind": Kind.PLACEMENT},
            follow=True,
        )  # fmt: skip

    page = response.content.decode()
    assert "Versie 1 van de" in page
    assert Agreement.objects.get().sent_by == coordinator
    assert "Wacht" in page
