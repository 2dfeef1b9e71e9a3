"""The school's wording of each kind of agreement: edited with placeholders, previewed,
reset, and used by the PDF."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.agreements.docs_helpers import complete_stay, pdf_text
from wegwijzer.agreements import content, wording
from wegwijzer.agreements.models import AgreementWording, Kind
from wegwijzer.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db

OWN = (
    "# Artikel 1 Onze afspraak\n"
    "{student} loopt stage bij {host} vanaf {start}, {hours_per_week} uur per week."
)


def edit_url(kind: str = Kind.PLACEMENT, language: str = "nl") -> str:
    return reverse("agreements:wording-edit", kwargs={"kind": kind, "language": language})


def reset_url(kind: str = Kind.PLACEMENT, language: str = "nl") -> str:
    return reverse("agreements:wording-reset", kwargs={"kind": kind, "language": language})


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_default_uses_only_known_placeholders(kind, language):
    wording.check(wording.default_body(kind, language))
    assert wording.articles(wording.default_body(kind, language), wording.SAMPLES)


def test_the_list_shows_every_kind_and_language(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("agreements:wording")).text

    for kind in Kind:
        for language in ("nl", "en"):
            assert edit_url(kind, language) in page


def test_the_coordinator_saves_the_schools_wording_and_the_pdf_uses_it(
    client, coordinator, tmp_path: Path
):
    client.force_login(coordinator)

    response = client.post(edit_url(), {"body": OWN, "version": 0})

    assert response.status_code == 302
    stored = AgreementWording.objects.get(kind=Kind.PLACEMENT, language="nl")
    assert stored.body == OWN and stored.changed_by == coordinator and stored.version == 1
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(stored.pk)).exists()
    mobility = complete_stay()
    text = pdf_text(
        content.render_pdf(content.facts(mobility, Kind.PLACEMENT), language="nl"), tmp_path
    )
    assert "Artikel 1 Onze afspraak" in text
    assert (
        f"{mobility.student.full_name} loopt stage bij Hotel Sol Valencia "
        "vanaf 1 februari 2027, 32,5 uur per week." in text
    )
    assert "Artikel 2 Duur en uren" not in text
    # The English copy keeps the default.
    english = pdf_text(
        content.render_pdf(content.facts(mobility, Kind.PLACEMENT), language="en"), tmp_path
    )
    assert "Article 2 Duration and hours" in english


def test_an_unknown_placeholder_is_refused_with_a_clear_message(client, coordinator):
    client.force_login(coordinator)

    response = client.post(edit_url(), {"body": "{student} bij {bedrijf}", "version": 0})

    assert response.status_code == 200
    assert "{bedrijf}" in response.text
    assert not AgreementWording.objects.exists()


def test_a_malformed_placeholder_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.post(edit_url(), {"body": "{student.user.password}", "version": 0})

    assert response.status_code == 200
    assert not AgreementWording.objects.exists()


def test_the_preview_fills_in_the_samples_and_saves_nothing(client, coordinator):
    client.force_login(coordinator)

    response = client.post(edit_url(), {"body": OWN, "version": 0, "preview": "1"})

    assert response.status_code == 200
    assert "Sanne de Vries loopt stage bij Hotel Sol Valencia" in response.text
    assert not AgreementWording.objects.exists()


def test_a_stale_wording_form_changes_nothing(client, coordinator):
    client.force_login(coordinator)
    client.post(edit_url(), {"body": OWN, "version": 0})

    response = client.post(edit_url(), {"body": "Iets anders", "version": 0})

    assert response.status_code == 200
    assert AgreementWording.objects.get().body == OWN


def test_saving_the_default_keeps_nothing_of_the_schools_own(client, coordinator):
    client.force_login(coordinator)
    client.post(edit_url(), {"body": OWN, "version": 0})

    client.post(edit_url(), {"body": wording.default_body(Kind.PLACEMENT, "nl"), "version": 1})

    assert not AgreementWording.objects.exists()


def test_the_reset_brings_back_the_default(client, coordinator, tmp_path: Path):
    client.force_login(coordinator)
    client.post(edit_url(), {"body": OWN, "version": 0})

    assert client.get(reset_url()).status_code == 200
    response = client.post(reset_url(), {"version": 1})

    assert response.status_code == 302
    assert not AgreementWording.objects.exists()
    assert AuditEntry.objects.filter(action=Action.DELETE).exists()
    text = pdf_text(
        content.render_pdf(content.facts(complete_stay(), Kind.PLACEMENT), language="nl"), tmp_path
    )
    assert "Artikel 2 Duur en uren" in text


def test_the_values_are_escaped_in_the_preview(client, coordinator, settings):
    client.force_login(coordinator)

    response = client.post(
        edit_url(), {"body": "<script>x</script> {student}", "version": 0, "preview": "1"}
    )

    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;x&lt;/script&gt;" in response.text


def test_only_a_coordinator_words_agreements(client, supervisor):
    client.force_login(supervisor)

    assert client.get(reverse("agreements:wording")).status_code == 403
    assert client.post(edit_url(), {"body": OWN, "version": 0}).status_code == 403
    assert not AgreementWording.objects.exists()


def test_an_unknown_kind_or_language_is_not_found(client, coordinator):
    client.force_login(coordinator)

    assert client.get(edit_url("lease", "nl")).status_code == 404
    assert client.get(edit_url(Kind.PLACEMENT, "fr")).status_code == 404
