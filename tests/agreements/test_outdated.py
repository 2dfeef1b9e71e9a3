"""An agreement remembers the stay's facts it was made from; a later change outdates it."""

import datetime
from pathlib import Path

import pytest

from tests.agreements.docs_helpers import sent
from tests.factories import MobilityFactory, UserFactory
from wegwijzer.agreements import content
from wegwijzer.agreements.models import AgreementState, Kind
from wegwijzer.mobilities import services

pytestmark = pytest.mark.django_db


def test_the_fingerprint_ignores_the_order_of_keys():
    assert content.fingerprint({"a": 1, "b": {"c": 2, "d": 3}}) == content.fingerprint(
        {"b": {"d": 3, "c": 2}, "a": 1}
    )
    assert content.fingerprint({"a": 1}) != content.fingerprint({"a": 2})


def test_changing_the_stays_dates_outdates_its_agreement_but_not_another_stays():
    coordinator = UserFactory.create(role="coordinator")
    mobility, other = MobilityFactory.create(), MobilityFactory.create()
    agreement, untouched = sent(mobility), sent(other)

    later = mobility.return_date + datetime.timedelta(days=7)
    services.update_mobility(mobility, by=coordinator, version=None, changes={"return_date": later})

    agreement.refresh_from_db()
    untouched.refresh_from_db()
    assert agreement.state == AgreementState.OUTDATED
    assert agreement.outdated_at is not None
    assert untouched.state == AgreementState.SIGNING


def test_a_change_the_agreement_does_not_show_leaves_it_as_it_is():
    coordinator = UserFactory.create(role="coordinator")
    mobility = MobilityFactory.create()
    agreement = sent(mobility)

    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"address_abroad": "Calle Mayor 1"}
    )

    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SIGNING


def test_the_pdf_shows_the_student_and_the_host(tmp_path: Path) -> None:
    mobility = MobilityFactory.create()
    pdf = content.render_pdf(content.facts(mobility, Kind.PLACEMENT), language="nl")
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    path = tmp_path / "a.pdf"
    path.write_bytes(pdf)
    text = PdfReader(path).pages[0].extract_text()
    assert mobility.student.full_name in text
    assert "Praktijkovereenkomst" in text
