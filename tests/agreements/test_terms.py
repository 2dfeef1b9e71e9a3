"""The stay's terms: who reads and changes them, Dutch hours, stale forms, and outdating."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.agreements.docs_helpers import TASKS, complete_stay, sent
from wegwijzer.agreements.models import AgreementSettings, AgreementState, StayTerms
from wegwijzer.audit.models import AuditEntry
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.students.models import Student

pytestmark = pytest.mark.django_db

NEW_TASKS = "Het ontbijtbuffet verzorgen"


@pytest.fixture
def stay(student, supervisor, mentor) -> Mobility:
    """The fixture student's stay, supervised by the fixture supervisor, mentored by the
    fixture mentor, with complete terms."""
    own = Student.objects.get(user=student)
    Student.objects.filter(pk=own.pk).update(mentor=mentor)
    return complete_stay(student=Student.objects.get(pk=own.pk), supervisor=supervisor)


def url(mobility: Mobility) -> str:
    return reverse("agreements:terms", kwargs={"public_id": mobility.public_id})


def posted(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "tasks": TASKS, "learning_outcomes": "Spaans spreken", "assessment": "Formulier",
        "hours_per_week": "32,5", "working_days": "9:00-17:00", "trainer_name": "Jorge Martín",
        "trainer_email": "jorge@hotelsol.example", "trainer_phone": "+34 600",
        "supervision": "Elke twee weken", "version": 1,
    }  # fmt: skip
    data.update(changes)
    return data


def allow(**choices: bool) -> None:
    AgreementSettings.current()
    AgreementSettings.objects.filter(pk=1).update(**choices)


def test_the_supervisor_changes_the_terms_with_dutch_hours(client, stay, supervisor):
    client.force_login(supervisor)

    response = client.post(url(stay), posted(tasks=NEW_TASKS, hours_per_week="36,5"))

    assert response.status_code == 302
    terms = StayTerms.objects.get(mobility=stay)
    assert terms.tasks == NEW_TASKS
    assert terms.hours_per_week == Decimal("36.5")
    assert terms.version == 2
    entry = AuditEntry.objects.filter(mobility=stay).latest("pk")
    assert "tasks" in entry.changes
    assert "De afspraken over het verblijf zijn bewaard." in client.get(url(stay)).text


def test_the_first_save_makes_the_terms(client, coordinator, student, supervisor):
    mobility = complete_stay(supervisor=supervisor)
    StayTerms.objects.filter(mobility=mobility).delete()
    client.force_login(coordinator)

    page = client.get(url(mobility))
    assert page.status_code == 200 and 'name="version" value="0"' in page.text
    response = client.post(url(mobility), posted(version=0))

    assert response.status_code == 302
    assert StayTerms.objects.get(mobility=mobility).trainer_name == "Jorge Martín"


def test_hours_that_are_no_number_are_refused(client, stay, supervisor):
    client.force_login(supervisor)

    response = client.post(url(stay), posted(hours_per_week="veel"))

    assert response.status_code == 200
    assert StayTerms.objects.get(mobility=stay).hours_per_week == Decimal("32.5")


def test_a_stale_form_changes_nothing_and_says_so(client, stay, supervisor, coordinator):
    client.force_login(coordinator)
    client.post(url(stay), posted(tasks=NEW_TASKS))
    client.force_login(supervisor)

    response = client.post(url(stay), posted(tasks="Iets anders", version=1))

    assert response.status_code == 200
    assert "Iemand heeft dit gewijzigd sinds je de pagina opende" in response.text
    assert StayTerms.objects.get(mobility=stay).tasks == NEW_TASKS
    assert 'name="version" value="2"' in response.text


def test_the_student_reads_the_terms_but_may_change_them_only_with_the_setting(
    client, stay, student
):
    client.force_login(student)

    page = client.get(url(stay))
    assert page.status_code == 200
    assert (
        "Gasten ontvangen aan de receptie" in page.text
        and "<form" not in page.text.split("<main")[-1]
    )
    assert client.post(url(stay), posted(tasks=NEW_TASKS)).status_code == 403

    allow(students_edit_terms=True)
    assert client.post(url(stay), posted(tasks=NEW_TASKS)).status_code == 302
    assert StayTerms.objects.get(mobility=stay).tasks == NEW_TASKS


def test_the_mentor_reads_the_terms_only_with_the_setting_and_never_changes_them(
    client, stay, mentor
):
    client.force_login(mentor)
    assert client.get(url(stay)).status_code == 403

    allow(mentors_read=True)
    page = client.get(url(stay))
    assert page.status_code == 200 and "Gasten ontvangen aan de receptie" in page.text
    assert client.post(url(stay), posted(tasks=NEW_TASKS)).status_code == 403


def test_another_student_does_not_find_the_stay(client, stay, other_student):
    client.force_login(other_student)

    assert client.get(url(stay)).status_code == 404


def test_saving_the_terms_outdates_a_sent_agreement_and_says_so(client, stay, supervisor):
    agreement = sent(stay)
    client.force_login(supervisor)

    response = client.post(url(stay), posted(tasks=NEW_TASKS), follow=True)

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED
    assert "nu verouderd" in response.text


def test_saving_the_same_terms_leaves_a_sent_agreement_as_it_is(client, stay, supervisor):
    agreement = sent(stay)
    client.force_login(supervisor)

    client.post(url(stay), posted(
        learning_outcomes=stay.terms.learning_outcomes, assessment=stay.terms.assessment,
        working_days=stay.terms.working_days, trainer_phone=stay.terms.trainer_phone,
        supervision=stay.terms.supervision,
    ))  # fmt: skip

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SIGNING


def test_the_terms_of_a_closed_stay_can_only_be_read(client, stay, supervisor):
    Mobility.objects.filter(pk=stay.pk).update(outcome=Outcome.CANCELLED)
    client.force_login(supervisor)

    assert client.get(url(stay)).status_code == 200
    assert client.post(url(stay), posted(tasks=NEW_TASKS)).status_code == 403


def test_the_page_lists_what_each_agreement_still_misses(client, coordinator, supervisor):
    mobility = complete_stay(supervisor=supervisor)
    StayTerms.objects.filter(mobility=mobility).update(trainer_name="")
    client.force_login(coordinator)

    page = client.get(url(mobility)).text

    assert "Voordat een overeenkomst verstuurd kan worden" in page
    assert "de praktijkopleider (bij de afspraken over het verblijf)" in page


# The school's settings


def test_the_coordinator_changes_the_settings(client, coordinator):
    client.force_login(coordinator)
    settings_url = reverse("agreements:settings")

    response = client.post(settings_url, {"mentors_read": "on", "version": 0})

    assert response.status_code == 302
    current = AgreementSettings.current()
    assert current.mentors_read and not current.students_edit_terms
    assert current.version == 1
    assert AuditEntry.objects.filter(changes__has_key="mentors_read").exists()

    stale = client.post(settings_url, {"students_edit_terms": "on", "version": 0})
    assert stale.status_code == 200
    assert not AgreementSettings.current().students_edit_terms


def test_only_a_coordinator_changes_the_settings(client, supervisor):
    client.force_login(supervisor)

    assert client.get(reverse("agreements:settings")).status_code == 403
    assert (
        client.post(
            reverse("agreements:settings"), {"mentors_read": "on", "version": 0}
        ).status_code
        == 403
    )
    assert not AgreementSettings.current().mentors_read
