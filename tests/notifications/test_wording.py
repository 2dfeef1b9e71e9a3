"""The school words its own messages: the list, the editor, the preview and the reset."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.notifications import rendering, wording_services
from wegwijzer.notifications.kinds import SPECS, Kind
from wegwijzer.notifications.models import MessageTemplate
from wegwijzer.notifications.wording import MEANINGS, SAMPLES
from wegwijzer.notifications.wording_services import version_of

pytestmark = pytest.mark.django_db

HELP = Kind.ROLL_CALL_HELP.value


def edit_url(kind: str = HELP, language: str = "nl") -> str:
    return reverse("notifications:wording-edit", kwargs={"kind": kind, "language": language})


def preview_url(kind: str = HELP, language: str = "nl") -> str:
    return reverse("notifications:wording-preview", kwargs={"kind": kind, "language": language})


def reset_url(kind: str = HELP, language: str = "nl") -> str:
    return reverse("notifications:wording-reset", kwargs={"kind": kind, "language": language})


def page(response) -> str:
    """The page as text, with its entities read (“, &quot;)."""
    return html.unescape(response.content.decode())


def own(kind: str = HELP, language: str = "nl", **fields) -> MessageTemplate:
    values = {"subject": "Hulp: {student}", "body": "Beste {first_name}, zie {link}"} | fields
    return MessageTemplate.objects.create(kind=kind, language=language, **values)


def post(client, data, kind: str = HELP, language: str = "nl", url=edit_url, **extra):
    return client.post(url(kind, language), {"version": "", **data}, **extra)


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


# Saving


def test_saved_wording_is_used_for_that_language_only(logged_in, coordinator):
    response = post(
        logged_in, {"subject": "Hulp voor {student}!", "body": "Hoi {first_name}: {phone}"}
    )

    assert response.status_code == 302
    assert rendering.render(
        HELP, "nl", {"student": "Sanne", "first_name": "Els", "phone": "06"}
    ) == (
        "Hulp voor Sanne!",
        "Hoi Els: 06",
    )
    assert rendering.render(HELP, "en", {"student": "Sanne", "roll_call": "Storm"})[0] == (
        "Sanne needs help (Storm)"
    )
    stored = MessageTemplate.objects.get()
    assert stored.updated_by == coordinator
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == (
        Action.CREATE,
        "notifications.messagetemplate",
        str(stored.pk),
    )
    assert entry.changes["subject"] == ["", "Hulp voor {student}!"]
    assert "De eigen tekst van de school is opgeslagen." in page(logged_in.get(edit_url()))


def test_a_changed_wording_is_saved_and_audited_with_before_and_after(logged_in):
    stored = own()

    post(
        logged_in,
        {"subject": "Nieuw: {student}", "body": stored.body, "version": version_of(stored)},
    )

    stored.refresh_from_db()
    assert stored.subject == "Nieuw: {student}"
    entry = AuditEntry.objects.get()
    assert entry.action == Action.CHANGE
    assert entry.changes == {"subject": ["Hulp: {student}", "Nieuw: {student}"]}


def test_saving_the_same_wording_again_changes_nothing(logged_in):
    stored = own()

    response = post(
        logged_in,
        {"subject": stored.subject, "body": stored.body, "version": version_of(stored)},
        follow=True,
    )

    assert "Er is niets veranderd." in page(response)
    assert not AuditEntry.objects.exists()


def test_the_text_area_lines_of_a_browser_are_stored_as_plain_lines(logged_in):
    post(logged_in, {"subject": "Hulp", "body": "Regel 1\r\nRegel 2"})

    assert MessageTemplate.objects.get().body == "Regel 1\nRegel 2"


def test_saving_the_default_wording_stores_no_row(logged_in):
    subject, body = rendering.default_texts(HELP, "nl")

    response = post(logged_in, {"subject": subject, "body": body}, follow=True)

    assert not MessageTemplate.objects.exists()
    assert not AuditEntry.objects.exists()
    assert "Dit is de standaardtekst" in page(response)


def test_saving_the_default_wording_over_the_schools_removes_the_schools(logged_in):
    stored = own()
    subject, body = rendering.default_texts(HELP, "nl")

    post(logged_in, {"subject": subject, "body": body, "version": version_of(stored)})

    assert not MessageTemplate.objects.exists()
    assert AuditEntry.objects.get().action == Action.DELETE


# Bad input: a message on the field, nothing saved


def test_an_unknown_placeholder_is_refused_with_a_dutch_message(logged_in):
    stored = own()

    response = post(
        logged_in,
        {"subject": "Hulp: {leerling}", "body": stored.body, "version": version_of(stored)},
    )

    assert response.status_code == 200
    text = page(response)
    assert "Onbekende plaatshouder: {leerling}. Je kunt gebruiken:" in text
    assert "{student}" in text
    assert 'value="Hulp: {leerling}"' in text  # what was typed is kept
    assert MessageTemplate.objects.get().subject == "Hulp: {student}"
    assert not AuditEntry.objects.exists()


def test_an_unclosed_brace_is_refused_with_a_clear_message(logged_in):
    response = post(logged_in, {"subject": "Hulp", "body": "Hallo {first_name"})

    assert response.status_code == 200
    assert "Er is een accolade niet gesloten." in page(response)
    assert not MessageTemplate.objects.exists()


def test_a_placeholder_with_a_format_or_attribute_is_refused(logged_in):
    response = post(logged_in, {"subject": "Hulp", "body": "{student.__class__} {phone:>10}"})

    assert response.status_code == 200
    assert "is geen plaatshouder" in page(response)
    assert not MessageTemplate.objects.exists()


def test_a_subject_with_a_line_break_is_refused(logged_in):
    response = post(logged_in, {"subject": "Hulp\nvoor {student}", "body": "Hallo"})

    assert response.status_code == 200
    assert "Het onderwerp is één regel: haal de regeleinden weg." in page(response)
    assert not MessageTemplate.objects.exists()


def test_a_subject_longer_than_300_characters_is_refused(logged_in):
    response = post(logged_in, {"subject": "x" * 301, "body": "Hallo"})

    assert response.status_code == 200
    assert "niet meer dan 300 tekens" in page(response)
    assert not MessageTemplate.objects.exists()


def test_an_empty_body_is_refused(logged_in):
    response = post(logged_in, {"subject": "Hulp", "body": "  "})

    assert response.status_code == 200
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize("kind, language", [("no_such_kind", "nl"), (HELP, "de"), (HELP, "NL")])
@pytest.mark.parametrize("url", [edit_url, reset_url])
def test_an_unknown_kind_or_language_is_not_found(logged_in, kind, language, url):
    assert logged_in.get(url(kind, language)).status_code == 404


def test_an_unknown_kind_or_language_is_not_found_for_the_preview(logged_in):
    assert post(logged_in, {"subject": "x", "body": "y"}, kind="x").status_code == 404
    assert post(logged_in, {"subject": "x", "body": "y"}, language="fr").status_code == 404


# Forms made from an older state


def test_a_stale_form_changes_nothing_and_keeps_what_was_typed(logged_in):
    stored = own()
    shown_version = version_of(stored)
    stored.subject = "Van een collega: {student}"
    stored.save()

    response = post(
        logged_in,
        {"subject": "Mijn tekst: {student}", "body": stored.body, "version": shown_version},
    )

    text = page(response)
    assert "Iemand anders heeft deze tekst gewijzigd" in text
    assert 'value="Mijn tekst: {student}"' in text
    assert f'value="{version_of(stored)}"' in text  # saving again is a choice
    stored.refresh_from_db()
    assert stored.subject == "Van een collega: {student}"
    assert not AuditEntry.objects.exists()


def test_a_form_made_from_the_default_is_stale_once_someone_saved_a_wording(logged_in):
    logged_in.get(edit_url())  # made from the default: its version is empty
    own(subject="Van een collega")

    response = post(logged_in, {"subject": "Mijn tekst", "body": "Hallo"})

    assert "Iemand anders heeft deze tekst gewijzigd" in page(response)
    assert MessageTemplate.objects.get().subject == "Van een collega"


def test_a_form_made_from_a_wording_that_was_reset_since_is_stale(logged_in):
    stored = own()
    shown_version = version_of(stored)
    stored.delete()

    response = post(logged_in, {"subject": "Mijn tekst", "body": "Hallo", "version": shown_version})

    assert "Iemand anders heeft deze tekst gewijzigd" in page(response)
    assert not MessageTemplate.objects.exists()


def test_after_a_stale_form_saving_again_is_possible(logged_in):
    stored = own()
    stored.subject = "Van een collega"
    stored.save()

    post(logged_in, {"subject": "Mijn tekst", "body": "Hallo", "version": version_of(stored)})

    assert MessageTemplate.objects.get().subject == "Mijn tekst"


# Preview


def test_the_preview_button_shows_filled_in_values_escaped_and_saves_nothing(logged_in):
    response = post(
        logged_in,
        {
            "subject": "Hulp voor {student} <b>nu</b>",
            "body": "Bel {phone}\n<script>alert(1)</script>",
            "preview": "1",
        },
    )

    content = response.content.decode()
    assert "Hulp voor Sanne &lt;b&gt;nu&lt;/b&gt;" in content
    assert "Bel +34 612 345 678<br>&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    assert not MessageTemplate.objects.exists()


def test_the_live_preview_returns_the_filled_in_text_escaped(logged_in):
    response = post(
        logged_in,
        {"subject": "{student} in {location}", "body": "<script>x()</script> {first_name}"},
        url=preview_url,
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert "<html" not in content  # only the preview, swapped into the page
    assert "Sanne in Calle Mayor 5, Valencia" in content
    assert "&lt;script&gt;x()&lt;/script&gt; Els" in content
    assert "<script>x()" not in content
    assert not MessageTemplate.objects.exists()


def test_the_live_preview_of_bad_text_says_what_is_wrong(logged_in):
    response = post(logged_in, {"subject": "{oops", "body": "Hallo"}, url=preview_url)

    assert response.status_code == 200
    assert "Er is een accolade niet gesloten." in page(response)


def test_the_preview_of_english_wording_uses_english_samples(logged_in):
    response = logged_in.get(edit_url(Kind.CONSENT_ANSWERED, "en"))

    text = page(response)
    assert "Consent for Sanne: consent given" in text
    assert "Toestemming" not in text.split("Voorbeeld")[-1]


def test_the_page_shows_the_default_and_the_placeholders_with_samples(logged_in):
    response = logged_in.get(edit_url())

    text = page(response)
    subject, _body = rendering.default_texts(HELP, "nl")
    assert f'value="{subject}"' in text
    assert "{phone}" in text
    assert "Het telefoonnummer van de student." in text
    assert "+34 612 345 678" in text
    assert "De standaardtekst geldt voor dit bericht." in text
    assert "Terugzetten naar de standaardtekst" not in text  # nothing to reset


def test_every_placeholder_of_every_kind_has_a_meaning_and_a_sample():
    names = {name for spec in SPECS.values() for name in spec.allowed}

    assert names - MEANINGS.keys() == set()
    assert names - SAMPLES.keys() - {"link"} == set()


# Reset


def test_reset_asks_first_then_deletes_the_schools_wording(logged_in, coordinator):
    stored = own(language="en", subject="Help: {student}")

    confirm = logged_in.get(reset_url(language="en"))
    assert "Terugzetten naar de standaardtekst" in page(confirm)
    assert MessageTemplate.objects.exists()

    response = post(
        logged_in, {"version": version_of(stored)}, language="en", url=reset_url, follow=True
    )

    assert not MessageTemplate.objects.exists()
    text = page(response)
    assert "De standaardtekst geldt weer." in text
    assert 'value="{student} needs help ({roll_call})"' in text
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == (Action.DELETE, coordinator)
    assert entry.changes["subject"] == ["Help: {student}", ""]


def test_a_reset_confirmed_on_an_older_state_changes_nothing(logged_in):
    stored = own()
    shown_version = version_of(stored)
    stored.subject = "Van een collega"
    stored.save()

    response = post(logged_in, {"version": shown_version}, url=reset_url, follow=True)

    assert "Iemand anders heeft deze tekst gewijzigd" in page(response)
    assert MessageTemplate.objects.get().subject == "Van een collega"
    assert not AuditEntry.objects.exists()


def test_reset_without_a_wording_of_the_schools_says_the_default_applies(logged_in):
    response = logged_in.get(reset_url(), follow=True)

    assert "De standaardtekst gold al." in page(response)


# The list


def test_the_list_shows_every_kind_and_whose_wording_applies_per_language(logged_in):
    own(kind=Kind.DUO, language="en", subject="DUO", body="Hi")

    response = logged_in.get(reverse("notifications:wording"))

    text = page(response)
    for kind in Kind:
        assert str(kind.label) in text
    assert text.count("De eigen tekst van de school") == 1
    assert text.count("De standaardtekst") == 2 * len(SPECS) - 1
    assert "Ouders/verzorgers en leerbedrijven, per e-mail" in text
    assert edit_url(Kind.DUO, "en") in text


def test_the_list_costs_the_same_with_every_kind_worded(logged_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as few:
        logged_in.get(reverse("notifications:wording"))
    for kind in SPECS:
        for language in ("nl", "en"):
            own(kind=kind, language=language, subject="S", body="B")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = logged_in.get(reverse("notifications:wording"))

    assert page(response).count("De eigen tekst van de school") == 2 * len(SPECS)


# Who may


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.MENTOR, Role.STUDENT])
def test_only_coordinators_may_word_messages(client, role):
    client.force_login(UserFactory.create(role=role))
    stored = own()
    data = {"subject": "Anders", "body": "Anders", "version": version_of(stored)}

    assert client.get(reverse("notifications:wording")).status_code == 403
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), data).status_code == 403
    assert client.post(preview_url(), data).status_code == 403
    assert client.get(reset_url()).status_code == 403
    assert client.post(reset_url(), data).status_code == 403

    stored.refresh_from_db()
    assert stored.subject == "Hulp: {student}"
    assert not AuditEntry.objects.exists()


def test_someone_not_logged_in_is_sent_to_the_login(client):
    response = client.get(reverse("notifications:wording"))

    assert response.status_code == 302
    assert "login" in response["Location"]


# Language


def test_an_english_client_sees_the_pages_in_english(english, coordinator):
    english.force_login(coordinator)

    listed = page(english.get(reverse("notifications:wording")))
    edited = page(english.post(edit_url(), {"subject": "{x}", "body": "Hallo", "version": ""}))

    assert "The school's wording of messages" in listed
    assert "A student asks for help in a roll call" in listed
    assert "Unknown placeholder: {x}. You can use:" in edited
    assert "The student's phone number." in edited
    assert "Plaatshouder" not in edited


def test_the_english_wording_on_a_dutch_page_is_marked_as_english(logged_in):
    text = logged_in.get(edit_url(language="en")).content.decode()

    assert 'lang="en"' in text
    assert "needs help" in text


# The service, as any other caller (a command, the demo) would use it


def test_the_service_refuses_a_subject_of_more_than_one_line(coordinator):
    with pytest.raises(ValidationError, match="één regel"):
        wording_services.save_wording(
            kind=HELP, language="nl", subject="Hulp\r\nnu", body="Hallo", version="",
            by=coordinator,
        )  # fmt: skip

    assert not MessageTemplate.objects.exists()


def test_the_service_refuses_a_placeholder_the_kind_does_not_allow(coordinator):
    with pytest.raises(rendering.PlaceholderError):
        wording_services.save_wording(
            kind=Kind.DUO, language="en", subject="DUO", body="{phone}", version="",
            by=coordinator,
        )  # fmt: skip

    assert not MessageTemplate.objects.exists()


def test_a_wording_made_by_someone_else_at_the_same_moment_is_a_stale_save(
    coordinator, monkeypatch
):
    """Two first saves at once: the row the other made was not there to lock."""
    own(subject="Van een collega")
    monkeypatch.setattr(wording_services, "_locked", lambda kind, language, version: None)

    with pytest.raises(wording_services.StaleWordingError):
        wording_services.save_wording(
            kind=HELP, language="nl", subject="Mijn tekst", body="Hallo", version="",
            by=coordinator,
        )  # fmt: skip

    assert MessageTemplate.objects.get().subject == "Van een collega"
    assert not AuditEntry.objects.exists()
