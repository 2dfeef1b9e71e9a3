import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import StudentFactory, UserFactory
from tests.whereabouts.helpers import stay
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.mobilities.models import Mobility
from wegwijzer.travel.models import Colour, Country
from wegwijzer.whereabouts import card


@pytest.fixture(autouse=True)
def _school(settings):
    settings.SCHOOL_EMERGENCY_PHONE = "+31 20 555 0100"
    settings.SCHOOL_EMERGENCY_EMAIL = "noodgeval@school.example"


def card_url(mobility: Mobility) -> str:
    return reverse("emergency_card:download", kwargs={"public_id": mobility.public_id})


def pdf_text(content: bytes) -> tuple[int, str]:
    """The number of pages and the text on them, with lines joined by spaces."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_card_is_one_page_with_the_key_facts_in_dutch_and_english(client, coordinator, supervisor):
    supervisor.phone = "+31 30 765 4321"
    supervisor.save(update_fields=["phone"])
    mobility = stay(supervisor=supervisor)
    client.force_login(coordinator)

    response = client.get(card_url(mobility))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="noodkaart-{mobility.public_id}.pdf"'
    )
    pages, text = pdf_text(response.content)
    assert pages == 1
    for shown in [
        "Noodkaart", "Emergency card", mobility.student.full_name,
        "+31 20 555 0100", "noodgeval@school.example", "+31 247 247 247",
        supervisor.get_full_name(), "Zilveren Kruis", "ZK-4471-0923",
        "Calle de la Paz 12, 46003 Valencia", "Hotel Mar Azul", "Lucía Ortega",
        "+34 961 000 111", "lucia@marazul.example",
        "nederlandwereldwijd.nl/landen/spanje", "Spanje", "Spain",
        "Ria de Boer (moeder): +31 6 87654321", "2 maart 2026", "2 March 2026",
    ]:  # fmt: skip
        assert shown in text, shown
    # Spain's emergency number the travel app knows without an import; its travel advice
    # was never imported: a gap to fill in (the marker is named once more in each half's
    # opening lines).
    assert "112" in text
    assert text.count("niet ingevuld") == 1 + 1
    assert text.count("not filled in") == 1 + 1


def test_card_shows_each_missing_detail_as_a_gap(client, coordinator, settings):
    settings.SCHOOL_EMERGENCY_PHONE = ""
    student = StudentFactory()  # no insurance, nobody at home
    mobility = stay(student=student, address_abroad="", host_company=None)
    client.force_login(coordinator)

    _pages, text = pdf_text(client.get(card_url(mobility)).content)

    # Per language: school phone, travel advice, address, host company and its contact,
    # phone and e-mail, supervisor, people at home, insurer and policy number.
    assert text.count("niet ingevuld") == 1 + 11
    assert text.count("not filled in") == 1 + 11


def test_card_shows_the_travel_advice_the_travel_app_holds(client, coordinator):
    Country.objects.create(
        code="ES", official_colour=Colour.YELLOW, worst_colour=Colour.YELLOW,
        emergency_number="112", advice_url="https://www.nederlandwereldwijd.nl/reisadvies/spanje",
    )  # fmt: skip
    mobility = stay()
    client.force_login(coordinator)

    _pages, text = pdf_text(client.get(card_url(mobility)).content)

    assert "112" in text
    assert "geel" in text
    assert "yellow" in text
    assert "nederlandwereldwijd.nl/reisadvies/spanje" in text


def test_card_shows_a_gap_for_the_supervisors_missing_phone(client, coordinator, supervisor):
    mobility = stay(supervisor=supervisor)  # the supervisor has no phone
    client.force_login(coordinator)

    _pages, text = pdf_text(client.get(card_url(mobility)).content)

    assert "Telefoon: niet ingevuld" in text
    assert "Phone: not filled in" in text


MEDICAL = "Allergisch voor pinda's; gebruikt een EpiPen."


def test_card_shows_the_medical_notes_when_the_student_agreed(client, coordinator):
    mobility = stay()
    student = mobility.student
    student.medical_notes, student.medical_on_card = MEDICAL, True
    student.save(update_fields=["medical_notes", "medical_on_card"])
    client.force_login(coordinator)

    pages, text = pdf_text(client.get(card_url(mobility)).content)

    assert pages == 1
    assert "Allergieën, medicijnen en aandoeningen" in text
    assert "Allergies, medication and conditions" in text
    assert text.count("EpiPen") == 2


def test_card_leaves_the_medical_notes_off_without_the_students_consent(client, coordinator):
    mobility = stay()
    student = mobility.student
    student.medical_notes = MEDICAL
    student.save(update_fields=["medical_notes"])
    client.force_login(coordinator)

    _pages, text = pdf_text(client.get(card_url(mobility)).content)

    assert "EpiPen" not in text
    assert "Allergies, medication and conditions" not in text


def test_card_stays_on_one_page_with_long_medical_notes(client, coordinator):
    mobility = stay(address_abroad="Residencia Universitaria Los Naranjos\n" * 4)
    student = mobility.student
    student.medical_notes, student.medical_on_card = MEDICAL * 20, True
    student.save(update_fields=["medical_notes", "medical_on_card"])
    client.force_login(coordinator)

    pages, _text = pdf_text(client.get(card_url(mobility)).content)

    assert pages == 1


def test_card_stays_on_one_page_with_long_details(client, coordinator):
    mobility = stay(address_abroad="Residencia Universitaria Los Naranjos\n" * 4)
    client.force_login(coordinator)

    pages, _text = pdf_text(client.get(card_url(mobility)).content)

    assert pages == 1


def test_each_download_leaves_an_entry_in_the_mobility_history(client, coordinator):
    mobility = stay()
    client.force_login(coordinator)

    client.get(card_url(mobility))

    entry = AuditEntry.objects.get(object_label="Emergency card")
    assert entry.action == Action.VIEW
    assert entry.actor == coordinator
    assert entry.mobility == mobility
    assert entry.student == mobility.student


# Who may download it, and where it is offered


def test_student_downloads_their_own_card_from_their_home_page(english, student):
    mobility = stay(student=student.student)
    english.force_login(student)

    home = english.get(reverse("home")).content.decode()
    response = english.get(card_url(mobility))

    assert card_url(mobility) in home
    assert response.status_code == 200
    assert pdf_text(response.content)[1].count(mobility.student.full_name) == 2


def test_mobility_page_offers_the_card_to_its_supervisor_not_the_mentor(
    english, supervisor, mentor
):
    mobility = stay(supervisor=supervisor)
    mobility.student.mentor = mentor
    mobility.student.save()
    detail = reverse("mobilities:detail", kwargs={"public_id": mobility.public_id})

    english.force_login(supervisor)
    assert card_url(mobility) in english.get(detail).content.decode()
    english.force_login(mentor)
    assert card_url(mobility) not in english.get(detail).content.decode()
    assert english.get(card_url(mobility)).status_code == 403


def test_others_do_not_find_the_card(client, other_student):
    mobility = stay(supervisor=UserFactory.create(role=Role.SUPERVISOR))
    other_supervisor = UserFactory.create(role=Role.SUPERVISOR)

    for user in (other_student, other_supervisor):
        client.force_login(user)
        assert client.get(card_url(mobility)).status_code == 404


@pytest.mark.parametrize("url", ["https://tracker.example/pixel.png", "file:///etc/passwd"])
def test_card_fetches_nothing_from_the_network_or_the_disk(url):
    with pytest.raises(ValueError, match="disallowed protocol"):
        card.nothing_fetched().fetch(url)
