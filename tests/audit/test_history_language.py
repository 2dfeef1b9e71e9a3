"""The history speaks its reader's language, whatever the language of whoever wrote the entry.

Every entry below is written while Dutch is active (the default, as for a Dutch user); an
English reader must read it in English, a Dutch reader in Dutch.
"""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from tests.care.helpers import abroad, start
from tests.factories import MobilityFactory
from tests.links.helpers import make_link, minor_mobility
from wegwijzer.audit.history import history
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.services import record
from wegwijzer.care import services as care_services
from wegwijzer.care.models import RollCallEntry
from wegwijzer.funding.models import FundingTable
from wegwijzer.links import services as link_services
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import DecisionChoice, Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def history_on_page(client, user, mobility: Mobility, language: str) -> str:
    """The history section of the mobility page, as `user` reads it in `language`."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    content = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    return content[content.index('id="history-title"') :]


def short_date(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return date_format(day, "SHORT_DATE_FORMAT")


def answer_consent(mobility: Mobility, consent: str, remarks: str = "") -> None:
    """A guardian answers through the link; written while Dutch is active."""
    link, _token = make_link(mobility)
    assert translation.get_language() == "nl"
    link_services.submit_link(
        link, name="Anna de Vries", ip=None,
        answers={"consent": consent, "is_guardian": True, "remarks": remarks},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "actor", "sentence"),
    [
        ("en", "Anna de Vries (guardian, via link)", "Consent given by Anna de Vries on {}"),
        ("nl", "Anna de Vries (ouder/verzorger, via link)", "Toestemming gegeven door Anna de Vries op {}"),  # noqa: E501
    ],
)  # fmt: skip
def test_a_guardians_answer_reads_in_the_readers_language(
    client, coordinator, language, actor, sentence
):
    mobility = minor_mobility()
    answer_consent(mobility, "given")

    shown = history_on_page(client, coordinator, mobility, language)

    assert escape(actor) in shown
    assert escape(sentence.format(short_date(TODAY, language))) in shown


@pytest.mark.parametrize(
    ("language", "sentence", "remark", "other"),
    [
        ("en", "Consent refused by Anna", "With a remark, shown under the links", "Toestemming"),
        ("nl", "Toestemming geweigerd door Anna", "Met een opmerking, te lezen bij de", "Consent"),
    ],
)  # fmt: skip
def test_a_refusal_with_a_remark_reads_in_the_readers_language(
    client, coordinator, language, sentence, remark, other
):
    mobility = minor_mobility()
    answer_consent(mobility, "refused", remarks="Allergic to nuts")

    shown = history_on_page(client, coordinator, mobility, language)

    assert sentence in shown and remark in shown
    assert other not in shown
    assert "Allergic to nuts" not in shown


def test_the_items_note_keeps_the_answer_in_the_schools_language():
    """The item's note is prose (staff type notes there too): the school's language, even
    when the guardian answered in English."""
    mobility = minor_mobility()
    link, _token = make_link(mobility)
    with translation.override("en"):
        link_services.submit_link(
            link, name="Anna de Vries", ip=None, answers={"consent": "given", "is_guardian": True}
        )

    item = link_services.item_of(link)
    assert item is not None
    assert item.note.startswith("Toestemming gegeven door Anna de Vries op ")


def test_the_host_companys_answer_names_it_in_the_readers_language(client, coordinator):
    mobility = minor_mobility()
    link, _token = make_link(mobility, "host_agreement")
    link_services.submit_link(
        link, name="Luis Ortega", ip=None,
        answers={"supervisor_name": "Carmen", "supervisor_email": "c@example.es", "agreed": True},
    )  # fmt: skip

    english = history_on_page(client, coordinator, mobility, "en")
    dutch = history_on_page(client, coordinator, mobility, "nl")

    assert "Luis Ortega (host company, via link)" in english
    assert "Confirmed by Luis Ortega of the host company" in english
    assert "Luis Ortega (leerbedrijf, via link)" in dutch and "host company" not in dutch


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Roll call of {date}"), ("nl", "Veiligheidscontrole van {date}")]
)
def test_a_roll_call_answer_names_the_roll_call_in_the_readers_language(
    client, coordinator, django_capture_on_commit_callbacks, language, label
):
    mobility = abroad()
    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    entry = RollCallEntry.objects.get(roll_call=roll_call, mobility=mobility)
    care_services.record_answer(entry, answer="safe")

    shown = history_on_page(client, coordinator, mobility, language)

    with translation.override(language):
        started = date_format(timezone.localtime(roll_call.started_at), "SHORT_DATETIME_FORMAT")
    assert escape(label.format(date=started)) in shown


@pytest.mark.parametrize(
    ("language", "label", "other"),
    [("en", "Accident (Serious)", "Ongeval"), ("nl", "Ongeval (Ernstig)", "Accident")],
)
def test_an_incident_is_named_in_the_readers_language(client, coordinator, language, label, other):
    mobility = abroad()
    incident = care_services.log_incident(
        mobility, by=coordinator, kind="accident",
        severity="serious", occurred_on=TODAY, description="Fell off a bike",
    )  # fmt: skip
    care_services.update_incident(
        incident, by=coordinator, changes={"actions_taken": "Doctor visited"},
    )  # fmt: skip

    shown = history_on_page(client, coordinator, mobility, language)

    assert shown.count(label) == 2
    assert other not in shown


def test_a_decision_keeps_its_label_as_a_message_id(coordinator):
    mobility = MobilityFactory.create(
        departure_date=TODAY + datetime.timedelta(days=120),
        return_date=TODAY + datetime.timedelta(days=210),
    )
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.DECISION)
    mobility.refresh_from_db()
    mobility_services.record_decision(
        mobility, by=coordinator, decision=DecisionChoice.NO_GO, reason="Not ready",
        decided_on=TODAY,
    )  # fmt: skip

    entry = AuditEntry.objects.get(action=Action.DECIDE)
    assert entry.texts == {"object_label": {"msgid": "No-go", "values": {}}}
    with translation.override("en"):
        (row,) = history(AuditEntry.objects.filter(pk=entry.pk))
        assert f"{row.entry.get_action_display()}: {row.label}" == "decided: No-go"


# Entries written before the trail kept phrases: their text as it was written.


def test_an_old_entry_shows_its_stored_prose(client, coordinator):
    mobility = minor_mobility()
    AuditEntry.objects.create(
        actor=None, actor_label="Anna de Vries (ouder/verzorger, via link)", action=Action.CHANGE,
        object_type="links.signedlink", object_id="1", object_label="Guardian's consent",
        mobility=mobility, note="Toestemming gegeven door Anna de Vries op 14 okt 2026, via link.",
    )  # fmt: skip

    english = history_on_page(client, coordinator, mobility, "en")

    assert "Anna de Vries (ouder/verzorger, via link)" in english
    assert "Toestemming gegeven door Anna de Vries op 14 okt 2026, via link." in english
    # A stored message id still reads in the reader's language.
    assert "Guardian&#x27;s consent" in english
    dutch = history_on_page(client, coordinator, mobility, "nl")
    assert "Toestemming van ouder/verzorger" in dutch


def test_a_phrase_that_cannot_be_filled_in_shows_its_message_id(coordinator):
    mobility = MobilityFactory.create()
    entry = record(by=coordinator, action=Action.CHANGE, obj=mobility, mobility=mobility)
    AuditEntry.objects.filter(pk=entry.pk).update(
        texts={
            "note": {
                "msgid": "Consent given by %(name)s on %(date)s, via link.",
                "values": {"x": "1"},
            }
        }
    )

    with translation.override("en"):
        (row,) = history(AuditEntry.objects.filter(pk=entry.pk))

    assert row.note == "Consent given by %(name)s on %(date)s, via link."


# A funding table's changes: field names, named in the reader's language.


@pytest.mark.parametrize(
    ("language", "label"), [("en", "distance bands"), ("nl", "afstandsbanden")]
)
def test_a_funding_tables_changed_lists_are_named_in_the_readers_language(
    coordinator, language, label
):
    table = FundingTable.objects.create(
        call_year=2031, source="Grant agreement", organisational_support=350,
        inclusion_support=100,
    )  # fmt: skip
    record(
        by=coordinator, action=Action.CHANGE, obj=table,
        changes={"travel_bands": ("", ""), "minimum_days": (10, 5)},
    )  # fmt: skip

    with translation.override(language):
        (row,) = history(AuditEntry.objects.filter(object_type="funding.fundingtable"))

    # PostgreSQL's jsonb keeps the changes in an order of its own: find them by label.
    by_label = {change[0]: change for change in row.changes}
    assert by_label[label] == (label, "", "")
    assert ("10", "5") in [change[1:] for change in row.changes]
