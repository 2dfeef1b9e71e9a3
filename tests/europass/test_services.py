"""The Europass draft, issuing and withdrawing: rules, audit and the checklist item."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.europass.conftest import DRAFT, FIRST, LAST, back_home
from tests.factories import MobilityFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.europass import services
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.mobilities.models import ItemStatus, Mobility, Outcome


def draft(mobility, by, **changes) -> EuropassMobility:
    values = services.draft_values(mobility) | DRAFT | changes
    return services.save_draft(mobility, by=by, version=None, values=values)


def test_a_draft_is_filled_from_the_stay(mobility):
    values = services.draft_values(mobility)

    assert values["holder_name"] == mobility.student.full_name
    assert values["holder_birth_date"] == mobility.student.date_of_birth
    assert (values["host_name"], values["host_city"], values["host_country"]) == (
        "Hotel Sol y Mar", "Valencia", "ES",
    )  # fmt: skip
    assert (values["first_day"], values["last_day"]) == (FIRST, LAST)
    assert mobility.student.programme.name in values["objective"]
    assert values["skills"] == ""


def test_the_skills_come_from_the_hosts_evaluation_and_the_mentor_from_the_agreement(mobility):
    SignedLink.objects.create(
        mobility=mobility, purpose=Purpose.HOST_EVALUATION, recipient_email="h@example.com",
        used_at=timezone.now(), submitted_name="Pedro Gil",
        answers={"skills": "Teamwork\nSpanish", "overall": "good"},
    )  # fmt: skip
    SignedLink.objects.create(
        mobility=mobility, purpose=Purpose.HOST_AGREEMENT, recipient_email="h@example.com",
        used_at=timezone.now(), answers={"supervisor_name": "Ana Ruiz"},
    )  # fmt: skip

    values = services.draft_values(mobility)

    assert values["skills"] == "Teamwork\nSpanish"
    assert values["mentor_name"] == "Ana Ruiz"


def test_an_evaluation_without_skills_is_harmless(mobility):
    SignedLink.objects.create(
        mobility=mobility, purpose=Purpose.HOST_EVALUATION, recipient_email="h@example.com",
        used_at=timezone.now(), submitted_name="Pedro Gil", answers={"overall": "good"},
    )  # fmt: skip

    values = services.draft_values(mobility)

    assert values["skills"] == ""
    assert values["mentor_name"] == "Pedro Gil"


def test_the_supervisor_saves_a_draft_audited(mobility, supervisor):
    europass = draft(mobility, supervisor)

    assert europass.activities.startswith("Checked guests")
    assert not europass.is_issued
    entry = AuditEntry.objects.get(object_id=str(europass.public_id))
    assert entry.actor == supervisor and entry.mobility == mobility


def test_a_change_needs_the_version_it_was_made_from(mobility, supervisor, coordinator):
    europass = draft(mobility, supervisor)
    values = {name: getattr(europass, name) for name in services.FIELDS}

    services.save_draft(
        mobility, by=coordinator, version=0, values=values | {"language": "Spanish"}
    )
    with pytest.raises(ValidationError, match="changed this Europass"):
        services.save_draft(mobility, by=supervisor, version=0, values=values)
    with pytest.raises(ValidationError, match="changed this Europass"):
        services.save_draft(mobility, by=supervisor, version=None, values=values)

    europass.refresh_from_db()
    assert (europass.language, europass.version) == ("Spanish", 1)
    assert EuropassMobility.objects.count() == 1


def test_no_draft_before_step_5_nor_by_the_mentor_or_student(mentor, student, supervisor):
    early = MobilityFactory.create(supervisor=supervisor)
    with pytest.raises(ValidationError):
        draft(early, supervisor)
    mobility = back_home(supervisor=supervisor)
    for user in (mentor, student):
        with pytest.raises(ValidationError):
            draft(mobility, user)
    assert not EuropassMobility.objects.exists()


def test_another_supervisor_may_not_edit(mobility, db):
    from tests.factories import UserFactory
    from wegwijzer.accounts.models import Role

    other = UserFactory.create(role=Role.SUPERVISOR)
    with pytest.raises(ValidationError):
        draft(mobility, other)


def test_a_completed_stays_europass_may_still_be_drafted(coordinator, supervisor):
    mobility = back_home(supervisor=supervisor)
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.COMPLETED)
    mobility.refresh_from_db()

    europass = draft(mobility, supervisor)
    issued = services.issue(europass, by=coordinator, version=europass.version)

    assert issued.is_issued


def test_issuing_fixes_it_keeps_the_files_and_settles_the_checklist_item(mobility, coordinator):
    europass = draft(mobility, coordinator)

    issued = services.issue(europass, by=coordinator, version=europass.version)

    assert issued.issued_by == coordinator and issued.issued_at
    assert bytes(issued.pdf or b"").startswith(b"%PDF")
    assert issued.pdf_sha256 == hashlib.sha256(bytes(issued.pdf or b"")).hexdigest()
    assert issued.credential_sha256 == hashlib.sha256(issued.credential.encode()).hexdigest()
    assert json.loads(issued.credential)["issuer"]["legalName"] == {"en": "ROC Voorbeeld"}
    item = mobility.items.get(template_item__key="back-europass-mobility")
    assert item.status == ItemStatus.DONE
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.save_draft(
            mobility, by=coordinator, version=issued.version,
            values={name: getattr(issued, name) for name in services.FIELDS},
        )  # fmt: skip
    with pytest.raises(ValidationError, match="already been issued"):
        services.issue(issued, by=coordinator, version=issued.version)


def test_only_a_coordinator_issues(mobility, supervisor):
    europass = draft(mobility, supervisor)
    with pytest.raises(ValidationError, match="Only a coordinator"):
        services.issue(europass, by=supervisor, version=europass.version)
    europass.refresh_from_db()
    assert not europass.is_issued


def test_issuing_needs_the_activities_and_the_schools_details(mobility, coordinator, settings):
    europass = draft(mobility, coordinator, activities="")
    with pytest.raises(ValidationError, match="activities"):
        services.issue(europass, by=coordinator, version=europass.version)
    settings.SCHOOL_LEGAL_IDENTIFIER = ""
    with pytest.raises(ValidationError, match="SCHOOL_LEGAL_IDENTIFIER"):
        services.issue(europass, by=coordinator, version=europass.version)


def test_a_stale_issue_is_refused(mobility, coordinator):
    europass = draft(mobility, coordinator)
    with pytest.raises(ValidationError, match="changed this Europass"):
        services.issue(europass, by=coordinator, version=europass.version + 1)


def test_withdrawing_needs_a_reason_and_makes_a_new_draft(mobility, coordinator, supervisor):
    europass = draft(mobility, coordinator)
    issued = services.issue(europass, by=coordinator, version=europass.version)
    with pytest.raises(ValidationError, match="reason"):
        services.withdraw(issued, by=coordinator, version=issued.version, reason=" ")
    with pytest.raises(ValidationError, match="Only a coordinator"):
        services.withdraw(issued, by=supervisor, version=issued.version, reason="Typo")

    new = services.withdraw(issued, by=coordinator, version=issued.version, reason="Wrong dates")

    issued.refresh_from_db()
    assert issued.withdrawn_at and issued.withdrawn_reason == "Wrong dates"
    assert services.current(mobility) == new
    assert not new.is_issued and new.activities == issued.activities
    item = mobility.items.get(template_item__key="back-europass-mobility")
    assert item.status == ItemStatus.OPEN
    notes = list(AuditEntry.objects.filter(mobility=mobility).values_list("note", flat=True))
    assert any("Wrong dates" in note for note in notes)


def test_the_holder_without_a_known_birth_date(mobility, coordinator):
    europass = draft(mobility, coordinator, holder_birth_date=None, skills="")
    issued = services.issue(europass, by=coordinator, version=europass.version)
    document = json.loads(issued.credential)
    assert "dateOfBirth" not in document["credentialSubject"]


def test_the_last_day_not_before_the_first(mobility, coordinator):
    with pytest.raises(ValidationError, match="last day"):
        draft(mobility, coordinator, last_day=FIRST - datetime.timedelta(days=1))
