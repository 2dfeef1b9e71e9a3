"""Signing an agreement: each party's evidence, the complete agreement and its signed PDF,
the items that settle, refusal, outdated versions, closed links and who may read."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.agreements.signing_helpers import ready_stay, send, tokens
from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.agreements import content, signing
from wegwijzer.agreements.models import (
    Agreement,
    AgreementSettings,
    AgreementState,
    Kind,
    Party,
    Signature,
)
from wegwijzer.audit.models import AuditEntry
from wegwijzer.links.models import SignedLink
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.notifications.models import Notification

pytestmark = pytest.mark.django_db


def link_url(token: str) -> str:
    return reverse("links:open", args=[token])


def sign_data(page: str, name: str) -> dict[str, str]:
    """What the page's sign form posts: its hidden version and document hash, a name, I agree."""
    version = re.search(r'name="version" value="(\d+)"', page)
    document = re.search(r'name="document" value="([0-9a-f]{64})"', page)
    assert version and document, page
    return {"action": "sign", "typed_name": name, "agree": "on",
            "version": version.group(1), "document": document.group(1)}  # fmt: skip


def sign_through(client, url: str, name: str, ip: str = "198.51.100.7"):
    page = client.get(url).content.decode()
    return client.post(url, sign_data(page, name), REMOTE_ADDR=ip)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def minor_sent(coordinator, django_capture_on_commit_callbacks):
    mobility = ready_stay(age=17)
    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)
    return mobility, agreement, tokens(mobility)


def test_the_evidence_holds_the_hash_of_the_exact_pdf_the_host_saw(client, minor_sent):
    _mobility, agreement, sent = minor_sent
    url = link_url(sent["carmen@example.es"])

    shown = client.get(f"{url}?document=pdf")
    response = sign_through(client, url, "Carmen Ruiz")

    assert response.status_code == 200
    host = agreement.signatures.get(party=Party.HOST)
    assert host.typed_name == "Carmen Ruiz"
    assert str(host.ip_address) == "198.51.100.7"
    assert host.signed_at is not None
    assert host.purpose == "agreement"
    assert host.document_sha256 == content.sha256(shown.content) == content.sha256(bytes(host.pdf))
    assert host.link is not None and host.link.used_at is not None
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SIGNING


def test_the_host_page_is_in_english(client, minor_sent):
    _mobility, _agreement, sent = minor_sent

    response = client.get(link_url(sent["carmen@example.es"]))

    page = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Sign: Placement agreement, version 1" in page
    assert "I have read the agreement and I agree to it." in page
    assert "Hotel Mar Azul" in page


def test_the_guardian_page_is_in_dutch(client, minor_sent):
    _mobility, _agreement, sent = minor_sent

    page = client.get(link_url(sent["anna@example.org"])).content.decode()

    assert "Ondertekenen: Praktijkovereenkomst, versie 1" in page


def test_a_name_and_i_agree_are_required(client, minor_sent):
    _mobility, agreement, sent = minor_sent
    url = link_url(sent["anna@example.org"])
    data = sign_data(client.get(url).content.decode(), "")
    del data["agree"]

    response = client.post(url, data)

    page = response.content.decode()
    assert "Typ je volledige naam om te ondertekenen." in page
    assert "Vink „Ik ga akkoord” aan om te ondertekenen." in page
    assert agreement.signatures.get(party=Party.GUARDIAN).signed_at is None


def test_everyone_signs_the_agreement_completes_and_its_items_settle(
    client, coordinator, minor_sent, tmp_path
):
    mobility, agreement, sent = minor_sent
    sign_through(client, link_url(sent["anna@example.org"]), "Anna de Vries")
    sign_through(client, link_url(sent["carmen@example.es"]), "Carmen Ruiz")
    client.force_login(mobility.student.user)
    student_place = agreement.signatures.get(party=Party.STUDENT)
    sign_through(client, reverse("agreements:sign", args=[student_place.public_id]),
                 mobility.student.full_name)  # fmt: skip
    client.force_login(coordinator)
    school_place = agreement.signatures.get(party=Party.SCHOOL)
    response = sign_through(client, reverse("agreements:sign", args=[school_place.public_id]),
                            "Els Bakker")  # fmt: skip

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.COMPLETE
    assert agreement.completed_at is not None
    signed = bytes(agreement.signed_pdf or b"")
    assert agreement.signed_pdf_sha256 == content.sha256(signed)
    text = pdf_text(signed, tmp_path)
    for name in ("Anna de Vries", "Carmen Ruiz", mobility.student.full_name, "Els Bakker"):
        assert name in text
    assert agreement.pdf_sha256 in text.replace("\n", "")
    # The Dutch document says in Dutch how the student and the school signed.
    assert "ondertekend op de eigen pagina in Wegwijzer" in text.replace("\n", " ")
    items = {i.template_item.key: i for i in mobility.items.select_related("template_item")}
    assert items["preparation-placement-agreement"].status == ItemStatus.DONE
    assert items["decision-guardian-consent"].status == ItemStatus.DONE
    told = Notification.objects.filter(kind="agreement_complete")
    assert {n.user for n in told} == {coordinator, mobility.supervisor}


def test_the_signed_pdf_downloads_for_the_supervisor(client, minor_sent):
    mobility, agreement, _sent = minor_sent
    Agreement.objects.filter(pk=agreement.pk).update(
        state=AgreementState.COMPLETE, signed_pdf=b"%PDF-signed", signed_pdf_sha256="x"
    )
    client.force_login(mobility.supervisor)

    response = client.get(reverse("agreements:download_signed", args=[agreement.public_id]))

    assert response.status_code == 200
    assert response.content == b"%PDF-signed"
    assert AuditEntry.objects.filter(
        action="view", object_type="agreements.agreement", object_id=str(agreement.public_id),
        actor=mobility.supervisor,
    ).exists()  # fmt: skip


def test_a_refusal_returns_the_agreement_with_the_reason(client, coordinator, minor_sent):
    mobility, agreement, sent = minor_sent

    response = client.post(
        link_url(sent["carmen@example.es"]),
        {"action": "refuse", "reason": "The start date is too early.",
         "version": agreement.version},
    )  # fmt: skip

    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.REFUSED
    assert agreement.refused_reason == "The start date is too early."
    host = agreement.signatures.get(party=Party.HOST)
    assert host.refused_at is not None and host.signed_at is None
    guardian_link = agreement.signatures.get(party=Party.GUARDIAN).link
    assert guardian_link is not None and guardian_link.revoked_at is not None
    (told,) = Notification.objects.filter(kind="agreement_refused", user=coordinator)
    assert "The start date is too early." in told.body
    client.force_login(coordinator)
    page = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    assert "The start date is too early." in page
    assert "Stuur een nieuwe versie ter ondertekening" in page


def test_an_outdated_version_cannot_be_signed_and_says_so(client, coordinator, minor_sent):
    mobility, agreement, sent = minor_sent
    later = mobility.return_date + datetime.timedelta(days=7)
    mobility_services.update_mobility(
        mobility, by=coordinator, version=None, changes={"return_date": later}
    )
    url = link_url(sent["anna@example.org"])

    page = client.get(url).content.decode()

    assert "Deze versie is verouderd" in page
    assert 'name="typed_name"' not in page
    response = client.post(url, {"action": "sign", "typed_name": "Anna de Vries", "agree": "on",
                                 "version": 0, "document": agreement.pdf_sha256})  # fmt: skip
    assert response.status_code == 409
    assert agreement.signatures.get(party=Party.GUARDIAN).signed_at is None
    client.force_login(coordinator)
    detail = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    assert "stuur de nieuwe versie" in detail


def test_an_outdated_version_links_to_the_newer_one_for_the_student(
    client, coordinator, minor_sent, django_capture_on_commit_callbacks
):
    mobility, agreement, _sent = minor_sent
    Agreement.objects.filter(pk=agreement.pk).update(state=AgreementState.OUTDATED, version=5)
    send(mobility, coordinator, django_capture_on_commit_callbacks)
    client.force_login(mobility.student.user)
    old_place = agreement.signatures.get(party=Party.STUDENT)

    page = client.get(reverse("agreements:sign", args=[old_place.public_id])).content.decode()

    assert "Er is een nieuwere versie (2)" in page
    assert reverse("mobilities:detail", args=[mobility.public_id]) in page


def test_signing_twice_is_refused(client, coordinator, minor_sent):
    _mobility, agreement, _sent = minor_sent
    client.force_login(coordinator)
    url = reverse("agreements:sign", args=[agreement.signatures.get(party=Party.SCHOOL).public_id])
    page = client.get(url).content.decode()
    client.post(url, sign_data(page, "Els Bakker"))

    again = client.post(url, sign_data(page, "Els Bakker"))

    assert again.status_code == 409
    assert "al ondertekend" in again.content.decode()


def test_a_stale_form_changes_nothing(client, minor_sent):
    _mobility, agreement, sent = minor_sent
    url = link_url(sent["anna@example.org"])
    data = sign_data(client.get(url).content.decode(), "Anna de Vries")
    Agreement.objects.filter(pk=agreement.pk).update(version=agreement.version + 1)

    response = client.post(url, data)

    assert response.status_code == 409
    assert "Er is niets opgeslagen" in response.content.decode()
    assert agreement.signatures.get(party=Party.GUARDIAN).signed_at is None


# Links that open nothing answer as every closed link does.


def test_a_used_link_answers_as_a_used_link(client, minor_sent):
    _mobility, _agreement, sent = minor_sent
    url = link_url(sent["anna@example.org"])
    sign_through(client, url, "Anna de Vries")

    response = client.get(url)

    assert response.status_code == 410
    assert "Deze link is al gebruikt" in response.content.decode()


def test_a_tampered_link_answers_404(client, minor_sent):
    _mobility, _agreement, sent = minor_sent

    response = client.get(link_url(sent["anna@example.org"][:-2] + "xx"))

    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()


def test_an_expired_and_a_revoked_link_answer_410(client, minor_sent):
    _mobility, agreement, sent = minor_sent
    guardian_link = agreement.signatures.get(party=Party.GUARDIAN).link
    host_link = agreement.signatures.get(party=Party.HOST).link
    assert guardian_link and host_link
    SignedLink.objects.filter(pk=guardian_link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    SignedLink.objects.filter(pk=host_link.pk).update(revoked_at=timezone.now())

    expired = client.get(link_url(sent["anna@example.org"]))
    revoked = client.get(link_url(sent["carmen@example.es"]))

    assert expired.status_code == 410 and "Deze link is verlopen" in expired.content.decode()
    assert revoked.status_code == 410
    assert "This link is no longer valid" in revoked.content.decode()


# Who may read


def test_a_mentor_reads_only_when_the_school_allows_it(client, minor_sent):
    mobility, agreement, _sent = minor_sent
    mentor = UserFactory.create(role=Role.MENTOR)
    mobility.student.mentor = mentor
    mobility.student.save()
    client.force_login(mentor)
    url = reverse("agreements:download", args=[agreement.public_id])

    assert client.get(url).status_code == 403
    settings = AgreementSettings.current()
    settings.mentors_read = True
    settings.save()
    assert client.get(url).status_code == 200


def test_a_supervisor_of_another_stay_cannot_download(client, minor_sent):
    _mobility, agreement, _sent = minor_sent
    client.force_login(UserFactory.create(role=Role.SUPERVISOR))

    response = client.get(reverse("agreements:download", args=[agreement.public_id]))

    assert response.status_code == 404


def test_a_student_cannot_sign_the_schools_place(client, minor_sent):
    mobility, agreement, _sent = minor_sent
    client.force_login(mobility.student.user)
    school = agreement.signatures.get(party=Party.SCHOOL)

    assert client.get(reverse("agreements:sign", args=[school.public_id])).status_code == 403


def test_the_service_refuses_a_different_document_hash(minor_sent):
    _mobility, agreement, _sent = minor_sent
    place = Signature.objects.get(agreement=agreement, party=Party.SCHOOL)

    with pytest.raises(signing.SigningRefusedError):
        signing.sign(place, typed_name="Els", ip=None, version=agreement.version,
                     document_sha256="0" * 64, by=agreement.sent_by)  # fmt: skip

    place.refresh_from_db()
    assert place.signed_at is None


def test_the_learning_agreement_is_offered_only_for_erasmus(minor_sent):
    mobility, _agreement, _sent = minor_sent
    assert Kind.LEARNING not in signing.kinds_for(mobility)
    mobility.funding = "erasmus"
    assert Kind.LEARNING in signing.kinds_for(mobility)


# Valid HTML: the pages of a version partly signed, refused and complete.


def test_the_signing_pages_and_the_section_are_valid_html(
    client, coordinator, minor_sent, tmp_path
):
    from tests.test_valid_html import checker_errors, write_page

    mobility, agreement, sent = minor_sent
    pages: dict[str, str] = {}
    host_url = link_url(sent["carmen@example.es"])
    pages |= write_page(tmp_path, "host-page", "host", "en", client.get(host_url))
    guardian_url = link_url(sent["anna@example.org"])
    data = sign_data(client.get(guardian_url).content.decode(), "")
    pages |= write_page(tmp_path, "errors", "guardian", "nl", client.post(guardian_url, data))
    thanks = sign_through(client, guardian_url, "Anna de Vries")
    pages |= write_page(tmp_path, "thanks", "guardian", "nl", thanks)
    client.force_login(coordinator)
    detail = reverse("mobilities:detail", args=[mobility.public_id])
    pages |= write_page(tmp_path, "section", "coordinator", "nl", client.get(detail))
    school = agreement.signatures.get(party=Party.SCHOOL)
    school_url = reverse("agreements:sign", args=[school.public_id])
    pages |= write_page(tmp_path, "school", "coordinator", "nl", client.get(school_url))
    Agreement.objects.filter(pk=agreement.pk).update(state=AgreementState.OUTDATED)
    pages |= write_page(tmp_path, "outdated", "coordinator", "nl", client.get(school_url))
    pages |= write_page(tmp_path, "section-old", "coordinator", "nl", client.get(detail))

    assert checker_errors(tmp_path, pages) == []


def test_the_section_reads_the_same_number_of_queries_whatever_the_versions(
    coordinator, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wegwijzer.agreements.panel import agreements_panel

    mobility = ready_stay(age=17)
    send(mobility, coordinator, django_capture_on_commit_callbacks)
    # Each page reads the stay afresh (the panel keeps the goals and guardians it reads on it).
    fresh = Mobility.objects.get(pk=mobility.pk)
    with CaptureQueriesContext(connection) as one_version:
        agreements_panel(coordinator, fresh)
    for _again in range(3):
        send(mobility, coordinator, django_capture_on_commit_callbacks)
    send(mobility, coordinator, django_capture_on_commit_callbacks, kind=Kind.SUPERVISION)

    mobility = Mobility.objects.get(pk=mobility.pk)
    with django_assert_num_queries(len(one_version.captured_queries)):
        panel = agreements_panel(coordinator, mobility)

    assert panel is not None
    placement = next(row for row in panel.rows if row.kind == Kind.PLACEMENT)
    assert placement.latest is not None and placement.latest.number == 4
    assert [old.number for old in placement.older] == [3, 2, 1]
    assert len(placement.places) == 4


def test_erasing_the_student_removes_the_agreements_and_the_signers_evidence(
    client, minor_sent, coordinator
):
    """The evidence names the guardian and the host's contact, with IP addresses: it goes
    with the student's other personal data (the privacy registry deletes rows under a stay
    unless they are kept for the counts)."""
    from wegwijzer.privacy.erasure import erase_student

    mobility, agreement, sent = minor_sent
    sign_through(client, link_url(sent["carmen@example.es"]), "Carmen Ruiz")
    assert Signature.objects.filter(agreement=agreement, typed_name="Carmen Ruiz").exists()

    mobility_services.cancel_mobility(
        mobility, by=coordinator, reason="Gaat niet", on=timezone.localdate()
    )
    erase_student(mobility.student, by=coordinator)

    assert not Agreement.objects.filter(mobility=mobility).exists()
    assert not Signature.objects.filter(typed_name="Carmen Ruiz").exists()
    assert not SignedLink.objects.filter(mobility=mobility, submitted_name="Carmen Ruiz").exists()


def test_the_stay_page_leads_the_coordinator_to_the_schools_wording_and_settings(
    client, minor_sent, coordinator
):
    mobility, _agreement, _sent = minor_sent
    client.force_login(coordinator)
    page = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    assert reverse("agreements:wording") in page
    assert reverse("agreements:settings") in page

    client.force_login(mobility.supervisor)
    page = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    assert reverse("agreements:wording") not in page


def test_a_change_after_signing_outdates_it_and_puts_its_item_back_on_the_list(
    client, coordinator, minor_sent
):
    mobility, agreement, sent = minor_sent
    sign_through(client, link_url(sent["anna@example.org"]), "Anna de Vries")
    sign_through(client, link_url(sent["carmen@example.es"]), "Carmen Ruiz")
    for party, signer in ((Party.STUDENT, mobility.student.user), (Party.SCHOOL, coordinator)):
        client.force_login(signer)
        place = agreement.signatures.get(party=party)
        sign_through(client, reverse("agreements:sign", args=[place.public_id]), "Naam")
    item = mobility.items.get(template_item__key="preparation-placement-agreement")
    assert item.status == ItemStatus.DONE

    later = mobility.return_date + datetime.timedelta(days=14)
    mobility_services.update_mobility(
        mobility, by=coordinator, version=None, changes={"return_date": later}
    )

    agreement.refresh_from_db()
    item.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED
    assert agreement.signed_pdf  # the signed version stays readable
    assert item.status == ItemStatus.OPEN
    # The guardian's consent to the stay is not about the document's details: it stays.
    consent = mobility.items.get(template_item__key="decision-guardian-consent")
    assert consent.status == ItemStatus.DONE
    assert AuditEntry.objects.filter(
        object_type="agreements.agreement", object_id=str(agreement.public_id),
        changes__state=["complete", "outdated"],
    ).exists()  # fmt: skip
