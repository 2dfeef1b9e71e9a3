"""The Europass page, issuing, withdrawing and the downloads: who may do what, what they see."""

import io
import json

import pypdf
import pytest
from django.urls import reverse

from tests.europass.conftest import DRAFT, back_home
from tests.factories import MobilityFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.europass import services
from wegwijzer.europass.models import EuropassMobility


def page(mobility) -> str:
    return reverse("europass:page", args=[mobility.public_id])


def form_data(mobility, version="", **changes) -> dict:
    values = services.draft_values(mobility) | DRAFT | changes
    return {
        **{key: "" if value is None else str(value) for key, value in values.items()},
        "version": version,
    }


def saved(mobility, by) -> EuropassMobility:
    values = services.draft_values(mobility) | DRAFT
    return services.save_draft(mobility, by=by, version=None, values=values)


def issued(mobility, coordinator) -> EuropassMobility:
    europass = saved(mobility, coordinator)
    return services.issue(europass, by=coordinator, version=europass.version)


def test_the_supervisor_sees_a_draft_filled_from_the_stay_and_saves_it(
    english, supervisor, mobility
):
    english.force_login(supervisor)
    content = english.get(page(mobility)).content.decode()
    assert "Hotel Sol y Mar" in content
    assert "Nothing is saved until you save it." in content
    assert not EuropassMobility.objects.exists()

    response = english.post(page(mobility), form_data(mobility))

    assert response.status_code == 302
    europass = EuropassMobility.objects.get()
    assert europass.mentor_name == "Ana Ruiz"
    # The supervisor prepares; only the coordinator is offered to issue.
    content = english.get(page(mobility)).content.decode()
    assert "Review and issue" not in content


def test_a_repeated_new_draft_post_changes_nothing_and_says_so(english, supervisor, mobility):
    english.force_login(supervisor)
    english.post(page(mobility), form_data(mobility))

    response = english.post(page(mobility), form_data(mobility, language="Dutch"))

    assert response.status_code == 200
    assert "changed this Europass a moment ago" in response.content.decode()
    assert EuropassMobility.objects.get().language == "Spanish, English"


def test_the_student_reads_the_draft_but_cannot_change_it(english, student, supervisor, mobility):
    saved(mobility, supervisor)
    english.force_login(student)

    content = english.get(page(mobility)).content.decode()
    assert "Checked guests in and out." in content
    assert 'name="activities"' not in content
    assert english.post(page(mobility), form_data(mobility, version="0")).status_code == 403
    # The draft is not downloadable.
    europass = EuropassMobility.objects.get()
    assert english.get(reverse("europass:pdf", args=[europass.public_id])).status_code == 404


def test_the_mentor_reads_and_cannot_post(client, mentor, supervisor, mobility):
    saved(mobility, supervisor)
    client.force_login(mentor)
    assert client.get(page(mobility)).status_code == 200
    assert client.post(page(mobility), form_data(mobility, version="0")).status_code == 403


def test_a_stranger_gets_404(client, other_student, mobility):
    europass = issued(mobility, UserFactory.create(role=Role.COORDINATOR))
    client.force_login(other_student)
    assert client.get(page(mobility)).status_code == 404
    for name in ("pdf", "credential", "issue", "withdraw"):
        assert client.get(reverse(f"europass:{name}", args=[europass.public_id])).status_code == 404


def test_the_coordinator_reviews_and_issues(english, coordinator, mobility):
    europass = saved(mobility, coordinator)
    english.force_login(coordinator)
    url = reverse("europass:issue", args=[europass.public_id])
    assert "Customer service" in english.get(url).content.decode()

    response = english.post(url, {"version": europass.version})

    assert response.status_code == 302
    europass.refresh_from_db()
    assert europass.is_issued
    # A second click changes nothing.
    assert english.post(url, {"version": europass.version - 1}).status_code == 404


def test_the_supervisor_may_not_issue(client, supervisor, mobility):
    europass = saved(mobility, supervisor)
    client.force_login(supervisor)
    url = reverse("europass:issue", args=[europass.public_id])
    assert client.post(url, {"version": europass.version}).status_code == 403
    europass.refresh_from_db()
    assert not europass.is_issued


@pytest.mark.parametrize("role", ["student", "mentor", "supervisor", "coordinator"])
def test_the_issued_europass_is_downloaded_by_the_stays_people(client, role, request, mobility):
    europass = issued(mobility, request.getfixturevalue("coordinator"))
    client.force_login(request.getfixturevalue(role))

    pdf = client.get(reverse("europass:pdf", args=[europass.public_id]))
    credential = client.get(reverse("europass:credential", args=[europass.public_id]))

    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Europass Mobility" in text and "Hotel Sol y Mar" in text
    assert "ROC Voorbeeld" in text and "Customer service" in text
    document = json.loads(credential.content)
    assert document["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]


def test_an_issued_europass_cannot_be_edited_on_its_page(english, coordinator, mobility):
    europass = issued(mobility, coordinator)
    english.force_login(coordinator)
    content = english.get(page(mobility)).content.decode()
    assert "It can no longer be changed." in content
    assert 'name="activities"' not in content
    response = english.post(page(mobility), form_data(mobility, version=str(europass.version)))
    assert response.status_code == 403


def test_the_coordinator_withdraws_with_a_reason(english, coordinator, mobility):
    europass = issued(mobility, coordinator)
    english.force_login(coordinator)
    url = reverse("europass:withdraw", args=[europass.public_id])

    refused = english.post(url, {"version": europass.version, "reason": ""})
    assert refused.status_code == 200
    response = english.post(url, {"version": europass.version, "reason": "Wrong host"})

    assert response.status_code == 302
    assert EuropassMobility.objects.count() == 2
    assert english.get(reverse("europass:pdf", args=[europass.public_id])).status_code == 404
    assert 'name="activities"' in english.get(page(mobility)).content.decode()


def test_the_supervisor_may_not_withdraw(client, coordinator, supervisor, mobility):
    europass = issued(mobility, coordinator)
    client.force_login(supervisor)
    url = reverse("europass:withdraw", args=[europass.public_id])
    assert client.post(url, {"version": europass.version, "reason": "x"}).status_code == 403


def test_before_step_5_the_page_says_when(english, supervisor):
    mobility = MobilityFactory.create(supervisor=supervisor)
    english.force_login(supervisor)
    content = english.get(page(mobility)).content.decode()
    assert "once the student is back home" in content
    assert 'name="activities"' not in content


def test_the_mobility_page_has_a_europass_card_from_step_5(english, supervisor, mobility):
    english.force_login(supervisor)
    content = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    assert 'id="europass-title"' in content and 'href="#europass-title"' in content
    early = MobilityFactory.create(supervisor=supervisor)
    content = english.get(reverse("mobilities:detail", args=[early.public_id])).content.decode()
    assert 'id="europass-title"' not in content


def test_the_students_home_links_to_their_europass(english, student, mobility):
    english.force_login(student)
    content = english.get(reverse("home")).content.decode()
    assert "Your Europass Mobility" in content
    assert page(mobility) in content


def test_the_europass_page_queries_stay_flat(
    client, coordinator, supervisor, mobility, django_assert_max_num_queries
):
    europass = saved(mobility, supervisor)
    services.issue(europass, by=coordinator, version=europass.version)
    client.force_login(coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(page(mobility))
    for _ in range(5):
        other = back_home(supervisor=supervisor)
        saved(other, supervisor)
    current = services.current(mobility)
    assert current is not None
    again = services.withdraw(current, by=coordinator, version=current.version, reason="Typo")
    services.issue(again, by=coordinator, version=again.version)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page(mobility))
