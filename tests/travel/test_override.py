import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import MobilityFactory
from tests.travel.helpers import make_country
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import DecisionChoice
from wegwijzer.programmes.models import Step
from wegwijzer.travel.models import Colour

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_decision(coordinator):
    """A mobility to South Africa in step 2 with nothing required left open."""
    mobility = MobilityFactory.create(by=coordinator, destination_country="ZA")
    services.advance_step(mobility, by=coordinator, override_reason="Skip orientation")
    mobility.items.filter(step=Step.DECISION).update(required=False)
    return mobility


def go(mobility, by, override_reason=""):
    return services.record_decision(
        mobility, by=by, decision=DecisionChoice.GO, reason="Ready",
        decided_on=datetime.date.today(), override_reason=override_reason,
    )  # fmt: skip


def test_preparing_a_departure_to_an_orange_country_needs_a_reason(
    at_decision, coordinator, english_messages
):
    make_country("ZA", Colour.ORANGE)

    with pytest.raises(ValidationError, match="Give a reason to prepare the departure anyway"):
        go(at_decision, coordinator)

    at_decision.refresh_from_db()
    assert at_decision.step == Step.DECISION
    assert not at_decision.decisions.exists()


def test_the_override_reason_is_kept_in_the_audit_trail(at_decision, coordinator):
    make_country("ZA", Colour.RED)

    go(at_decision, coordinator, override_reason="Host in a safe area; parents agreed")

    at_decision.refresh_from_db()
    assert at_decision.step == Step.PREPARATION
    entry = AuditEntry.objects.filter(action=Action.ADVANCE, mobility=at_decision).latest("pk")
    assert entry.note == "Host in a safe area; parents agreed"
    assert entry.changes["travel_advice_override"] == ["", "red"]


def test_a_yellow_or_unknown_country_needs_no_reason(at_decision, coordinator):
    make_country("ZA", Colour.YELLOW, Colour.RED)

    go(at_decision, coordinator)

    at_decision.refresh_from_db()
    assert at_decision.step == Step.PREPARATION


def test_the_decision_form_asks_for_the_override(english, at_decision, coordinator):
    make_country("ZA", Colour.ORANGE)
    english.force_login(coordinator)
    url = reverse("mobilities:confirm", args=[at_decision.public_id, "decide"])

    page = english.get(url).content.decode()
    response = english.post(
        reverse("mobilities:decide", args=[at_decision.public_id]),
        {
            "decision": "go", "decided_on": datetime.date.today().isoformat(), "reason": "Ready",
            "version": at_decision.version, "confirmed": "1",
        },
    )  # fmt: skip

    assert "Reason to go despite the travel advice" in page
    assert "The travel advice is orange: give a reason to go anyway." in response.content.decode()
    at_decision.refresh_from_db()
    assert at_decision.step == Step.DECISION
