"""What an agreement says: the stay's facts, what is missing before sending, and the PDF."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from tests.agreements.docs_helpers import (
    ASSESSMENT,
    OUTCOMES,
    SUPERVISION,
    complete_stay,
    pdf_text,
    sent,
)
from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.agreements import content
from wegwijzer.agreements.models import AgreementState, Kind, Party, Signature, StayTerms
from wegwijzer.hosts import services as host_services
from wegwijzer.learning import services as learning_services
from wegwijzer.mobilities.models import Funding, Mobility

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _school(settings):
    settings.SCHOOL_NAME = "Demo College Utrecht"
    settings.SCHOOL_CITY = "Utrecht, NL"
    settings.SCHOOL_LEGAL_IDENTIFIER = "12AB"


# Facts


def test_the_facts_hold_every_party_and_term_the_documents_need():
    mobility = complete_stay()
    student = mobility.student

    made_from = content.facts(mobility, Kind.PLACEMENT)

    assert made_from["school"] == {
        "name": "Demo College Utrecht",
        "city": "Utrecht",
        "identifier": "12AB",
    }
    assert made_from["student"]["date_of_birth"] == student.date_of_birth.isoformat()
    assert made_from["student"]["crebo"] == student.programme.qualification_code
    assert made_from["student"]["programme"] == student.programme.name
    assert made_from["student"]["health_insurer"] == "Zilveren Kruis"
    assert made_from["host"]["name"] == "Hotel Sol Valencia"
    assert made_from["host"]["country"] == "ES"
    assert made_from["host"]["contact_email"] == "carmen@hotelsol.example"
    assert made_from["terms"]["trainer_name"] == "Jorge Martín"
    assert made_from["terms"]["hours_per_week"] == "32.5"
    assert mobility.supervisor
    assert made_from["supervisor"]["name"] == mobility.supervisor.get_full_name()
    assert made_from["stay"]["departure"] == "2027-02-01"
    assert made_from["stay"]["days"] == 89
    assert made_from["stay"]["erasmus"] is True
    assert made_from["terms"]["supervision"] == SUPERVISION


def test_the_facts_are_json_and_the_same_twice_and_hold_no_sensitive_field():
    mobility = complete_stay()
    mobility.student.insurance_number = "POLIS-998877"
    mobility.student.passport_number = "NX1234567"
    mobility.student.save()
    mobility = Mobility.objects.get(pk=mobility.pk)

    made_from = content.facts(mobility, Kind.PLACEMENT)
    written = json.dumps(made_from)

    assert content.fingerprint(made_from) == content.fingerprint(
        content.facts(mobility, Kind.PLACEMENT)
    )
    assert "POLIS-998877" not in written and "NX1234567" not in written


def test_the_facts_hold_the_stays_learning_goals_in_order(supervisor):
    mobility = complete_stay(supervisor=supervisor)
    learning_services.add_goal(
        mobility, by=supervisor, seen=0, goal="Spaans spreken", tasks="Receptie"
    )
    learning_services.add_goal(
        mobility, by=supervisor, seen=1, goal="Klachten afhandelen", tasks=""
    )

    goals = content.facts(mobility, Kind.LEARNING)["goals"]

    assert goals == [
        {"goal": "Spaans spreken", "tasks": "Receptie"},
        {"goal": "Klachten afhandelen", "tasks": ""},
    ]


# Missing


@pytest.mark.parametrize("kind", list(Kind))
def test_a_complete_stay_misses_nothing(kind):
    assert content.missing(complete_stay(), kind) == []


def _without(mobility: Mobility, **blank: object) -> Mobility:
    StayTerms.objects.filter(mobility=mobility).update(**blank)
    return Mobility.objects.get(pk=mobility.pk)


def test_the_placement_agreement_lists_each_absent_field():
    mobility = complete_stay()
    Mobility.objects.filter(pk=mobility.pk).update(host_company=None, supervisor=None)
    mobility = _without(mobility, trainer_name="", tasks="", hours_per_week=None)

    assert content.missing(mobility, Kind.PLACEMENT) == [
        "het leerbedrijf",
        "de contactpersoon van het leerbedrijf en zijn e-mailadres",
        "de praktijkopleider (bij de afspraken over het verblijf)",
        "de begeleider van de school",
        "de taken (bij de afspraken over het verblijf)",
        "de uren per week (bij de afspraken over het verblijf)",
    ]


def test_the_placement_agreement_needs_the_host_contacts_email():
    mobility = complete_stay()
    assert mobility.host_company
    host_services.update_host(mobility.host_company, by=None, changes={"contact_email": ""})

    assert content.missing(Mobility.objects.get(pk=mobility.pk), Kind.PLACEMENT) == [
        "de contactpersoon van het leerbedrijf en zijn e-mailadres"
    ]


def test_the_learning_agreement_lists_each_absent_field():
    mobility = _without(complete_stay(), learning_outcomes="", assessment="", tasks="")

    assert content.missing(mobility, Kind.LEARNING) == [
        "de leerresultaten (bij de afspraken over het verblijf)",
        "de beoordeling (bij de afspraken over het verblijf)",
        "de taken (bij de afspraken over het verblijf)",
    ]


def test_a_learning_agreement_is_for_an_erasmus_stay_only():
    mobility = complete_stay(funding=Funding.OTHER)

    assert content.missing(mobility, Kind.LEARNING) == [
        "geen Erasmus+-verblijf: een Learning Agreement is er alleen voor Erasmus+-verblijven"
    ]


def test_the_supervision_agreement_lists_each_absent_field():
    mobility = complete_stay()
    Mobility.objects.filter(pk=mobility.pk).update(supervisor=None)
    mobility = _without(mobility, supervision="", trainer_name="")

    assert content.missing(mobility, Kind.SUPERVISION) == [
        "de begeleidings- en contactafspraken (bij de afspraken over het verblijf)",
        "de praktijkopleider (bij de afspraken over het verblijf)",
        "de begeleider van de school",
    ]


# The PDF


def test_the_dutch_placement_agreement_shows_the_parties_dates_tasks_and_wording(tmp_path: Path):
    mobility = complete_stay()

    text = pdf_text(
        content.render_pdf(content.facts(mobility, Kind.PLACEMENT), language="nl"), tmp_path
    )

    assert "Praktijkovereenkomst" in text
    assert "Demo College Utrecht" in text and mobility.student.full_name in text
    assert "Hotel Sol Valencia" in text and "Carmen Ruiz" in text and "Jorge Martín" in text
    assert mobility.student.programme.qualification_code in text
    assert "Gasten ontvangen aan de receptie" in text
    assert "Artikel 1 Partijen" in text
    # The wording's placeholders, filled in.
    assert "begint op 1 februari 2027 en eindigt op 30 april 2027 (89 dagen)" in text
    assert "De student werkt 32,5 uur per week" in text
    assert "Zilveren Kruis" in text
    assert "{" not in text


def test_the_english_copy_is_english_throughout(tmp_path: Path):
    mobility = complete_stay()

    text = pdf_text(
        content.render_pdf(content.facts(mobility, Kind.PLACEMENT), language="en"), tmp_path
    )

    assert "Placement agreement" in text and "Parties" in text
    assert "Article 1 Parties" in text
    assert "starts on 1 February 2027 and ends on 30 April 2027 (89 days)" in text
    assert "The student works 32.5 hours a week" in text
    assert "Gasten ontvangen aan de receptie" in text  # what was typed stays as typed
    assert "Praktijkovereenkomst" not in text and "Artikel" not in text


def test_the_learning_agreement_shows_outcomes_and_assessment(tmp_path: Path):
    mobility = complete_stay()

    text = pdf_text(
        content.render_pdf(content.facts(mobility, Kind.LEARNING), language="en"), tmp_path
    )

    assert "Learning Agreement" in text
    assert " ".join(OUTCOMES.split()) in text and " ".join(ASSESSMENT.split()) in text
    assert "Erasmus+" in text


def test_what_was_typed_is_text_in_the_pdf_not_markup(tmp_path: Path):
    mobility = complete_stay()
    assert mobility.host_company
    host_services.update_host(mobility.host_company, by=None, changes={"name": "<b>Bar & Co</b>"})

    made_from = content.facts(Mobility.objects.get(pk=mobility.pk), Kind.PLACEMENT)
    text = pdf_text(content.render_pdf(made_from, language="nl"), tmp_path)

    assert "<b>Bar & Co</b>" in text


def test_the_signature_page_shows_each_partys_evidence_and_the_documents_hash(tmp_path: Path):
    mobility = complete_stay()
    agreement = sent(mobility)
    moment = timezone.make_aware(datetime.datetime(2027, 1, 10, 14, 30))
    signatures = [
        Signature(
            agreement=agreement, party=Party.STUDENT, typed_name="Sanne de Vries",
            signed_at=moment, ip_address="192.0.2.10", document_sha256="a" * 64, purpose="page",
        ),
        Signature(
            agreement=agreement, party=Party.HOST, typed_name="Carmen Ruiz Ortega",
            signed_at=moment, ip_address="203.0.113.5", document_sha256="a" * 64,
            purpose="host_agreement",
        ),
    ]  # fmt: skip

    pdf = content.render_pdf(
        agreement.facts, language="en", signatures=signatures, document_sha256="b" * 64
    )
    text = pdf_text(pdf, tmp_path)

    assert "Signatures" in text
    assert "Sanne de Vries" in text and "Carmen Ruiz Ortega" in text
    assert "192.0.2.10" in text and "203.0.113.5" in text
    assert "b" * 64 in text
    assert "10 January 2027" in text
    assert "Host company confirms the supervision agreements" in text


def test_without_signatures_there_is_no_signature_page(tmp_path: Path):
    text = pdf_text(
        content.render_pdf(content.facts(complete_stay(), Kind.PLACEMENT), language="en"), tmp_path
    )

    assert "SHA-256" not in text


# Outdating


def test_a_change_to_the_learning_goals_outdates_the_learning_agreement(supervisor):
    mobility = complete_stay(supervisor=supervisor)
    agreement = sent(mobility, Kind.LEARNING)

    learning_services.add_goal(mobility, by=supervisor, seen=0, goal="Spaans spreken", tasks="")

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED


def test_a_change_to_the_host_company_outdates_the_agreements_of_its_stays():
    mobility = complete_stay()
    agreement = sent(mobility)
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    assert mobility.host_company

    host_services.update_host(
        mobility.host_company, by=coordinator, changes={"contact_name": "Lucía Gómez"}
    )

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED


def test_a_change_to_the_host_the_agreement_does_not_show_leaves_it_as_it_is():
    mobility = complete_stay()
    agreement = sent(mobility)
    assert mobility.host_company

    host_services.update_host(mobility.host_company, by=None, changes={"sector": "Horeca"})

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SIGNING
