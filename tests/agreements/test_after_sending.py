"""What may change after an agreement is sent, and what that does to it: the school's
wording (nothing: the version keeps its own), the stay's return by an extension, the
student's own details and guardians (the version is outdated), a guardian removed (their
link opens nothing)."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.agreements.signing_helpers import ready_stay, send, tokens
from tests.agreements.test_signing import link_url, pdf_text, sign_through
from wegwijzer.agreements import content
from wegwijzer.agreements.models import AgreementState, AgreementWording, Kind, Party
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step
from wegwijzer.students import services as student_services

pytestmark = pytest.mark.django_db

CLAUSE = "De student betaalt vijfduizend euro boete"


@pytest.fixture
def adult_sent(coordinator, django_capture_on_commit_callbacks):
    mobility = ready_stay(age=19)
    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)
    return mobility, agreement, tokens(mobility)


def test_a_wording_changed_while_signing_does_not_reach_the_signed_pdf(
    client, coordinator, adult_sent, tmp_path: Path
):
    mobility, agreement, sent = adult_sent
    AgreementWording.objects.create(
        kind=Kind.PLACEMENT, language="nl", body=f"# Boete\n{CLAUSE}.", changed_by=coordinator
    )
    sign_through(client, link_url(sent["carmen@example.es"]), "Carmen Ruiz")
    for party, signer in ((Party.STUDENT, mobility.student.user), (Party.SCHOOL, coordinator)):
        client.force_login(signer)
        place = agreement.signatures.get(party=party)
        sign_through(client, reverse("agreements:sign", args=[place.public_id]), "Naam")

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.COMPLETE
    assert CLAUSE not in pdf_text(bytes(agreement.signed_pdf or b""), tmp_path)
    # A version sent now is made with the new wording.
    assert CLAUSE in pdf_text(
        content.render_pdf(content.facts(mobility, Kind.PLACEMENT), language="nl"), tmp_path
    ).replace("\n", " ")


def test_an_extension_of_the_stay_outdates_its_agreement(coordinator, adult_sent):
    mobility, agreement, _sent = adult_sent
    Mobility.objects.filter(pk=mobility.pk).update(
        step=Step.ABROAD, actual_departure_date=timezone.localdate()
    )
    mobility.refresh_from_db()
    mobility_services.extend_stay(
        mobility, by=coordinator, new_return=mobility.return_date + datetime.timedelta(days=30),
        reason="Langer op verzoek van het leerbedrijf",
    )  # fmt: skip

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED


def test_a_change_to_the_students_name_outdates_the_agreement(coordinator, adult_sent):
    mobility, agreement, _sent = adult_sent
    student_services.update_student(
        mobility.student, by=coordinator, version=None, changes={"last_name": "Anders"}
    )

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED


def test_a_closed_stays_signed_agreement_is_not_outdated_by_a_later_change(coordinator, adult_sent):
    mobility, agreement, _sent = adult_sent
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.COMPLETED)
    student_services.update_student(
        mobility.student, by=coordinator, version=None, changes={"last_name": "Anders"}
    )

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SIGNING


def test_a_removed_guardians_link_opens_nothing(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = ready_stay(age=17)
    agreement = send(mobility, coordinator, django_capture_on_commit_callbacks)
    sent = tokens(mobility)
    mobility.student.guardians.all().delete()

    response = client.get(link_url(sent["anna@example.org"]))

    assert response.status_code == 410
    assert agreement.signatures.get(party=Party.GUARDIAN).signed_at is None


def test_a_supervision_agreement_needs_the_host_contact_to_be_sent(adult_sent):
    mobility, _agreement, _sent = adult_sent
    host = mobility.host_company
    host.contact_email = ""
    host.save()

    wanting = content.missing(mobility, Kind.SUPERVISION)

    assert "de contactpersoon van het leerbedrijf en zijn e-mailadres" in wanting


def test_the_supervision_agreement_is_not_outdated_by_the_assessment_it_does_not_show(
    coordinator, adult_sent, django_capture_on_commit_callbacks
):
    mobility, _placement, _sent = adult_sent
    supervision = send(mobility, coordinator, django_capture_on_commit_callbacks, Kind.SUPERVISION)
    terms = mobility.terms
    terms.assessment = "Een andere beoordeling"
    terms.save()

    content.refresh_outdated(mobility)

    supervision.refresh_from_db()
    assert supervision.state == AgreementState.SIGNING
