"""The stored totals (funding.tallies) stay the live ones through every path that changes
what they count, and the suite's guard (tests/conftest.py) sees a path that forgets."""

import datetime
from decimal import Decimal

from tests.conftest import stored_totals_differences
from tests.factories import ProgrammeFactory
from tests.funding.reference_totals import reference_totals
from tests.funding.test_totals_sql import assert_equal_to_the_reference, generated
from tests.imports.helpers import apply, csv_bytes, run_of
from wegwijzer.funding import services, tallies, totals
from wegwijzer.funding.models import AgreementTally, GrantAgreement, MobilityGrant, TallyStale
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Funding, Mobility, Outcome
from wegwijzer.privacy.erasure import erase_student
from wegwijzer.programmes import services as programme_services
from wegwijzer.students import services as student_services
from wegwijzer.students.models import Student

D = datetime.date


def assert_stored_equal_live_and_reference(agreement: GrantAgreement) -> None:
    assert not TallyStale.objects.filter(agreement=agreement).exists()
    assert AgreementTally.objects.filter(agreement=agreement).exists()
    assert tallies.differences() == {}
    assert_equal_to_the_reference(agreement)


def test_a_change_that_forgets_to_mark_is_found(agreement):
    generated(agreement, 3, 10)
    assert stored_totals_differences() == {}
    student = Student.objects.filter(mobilities__grant__agreement=agreement).first()
    assert student is not None

    # Around the models and without a mark: the stored totals no longer hold.
    Student.objects.filter(pk=student.pk).update(programme=ProgrammeFactory.create(name="Nieuw"))

    assert set(stored_totals_differences()) == {agreement.pk}
    # Marked stale, the agreement is counted live (and left out of the check) until its
    # refresh, which makes the stored totals true again.
    tallies.stale([agreement.pk])
    assert stored_totals_differences() == {}
    assert_equal_to_the_reference(agreement)
    tallies.refresh([agreement.pk])
    assert_stored_equal_live_and_reference(agreement)


def test_a_row_stored_twice_is_found(agreement):
    """A doubled row would double the page's figures although every row is a true one."""
    generated(agreement, 3, 10)
    row = AgreementTally.objects.filter(agreement=agreement).first()
    assert row is not None
    row.pk = None
    row.save()

    assert set(tallies.differences()) == {agreement.pk}
    tallies.refresh([agreement.pk])
    assert tallies.differences() == {}


def test_stored_totals_follow_every_service_path(english_messages, agreement, coordinator):
    generated(agreement, 11, 40)
    assert_stored_equal_live_and_reference(agreement)
    grants = list(
        MobilityGrant.objects.filter(agreement=agreement)
        .select_related("mobility__student__programme")
        .order_by("pk")
    )

    # A grant set by hand, and back.
    services.override_total(grants[0], by=coordinator, total=Decimal("12.34"), reason="Korter")
    assert_stored_equal_live_and_reference(agreement)
    services.override_total(grants[1], by=coordinator, total=None, reason="")
    assert_stored_equal_live_and_reference(agreement)

    # The stay's dates, country and funding, through its form's service.
    stay = grants[2].mobility
    mobility_services.update_mobility(
        stay,
        by=coordinator,
        version=None,
        changes={"return_date": stay.return_date + datetime.timedelta(days=9)},
    )
    assert_stored_equal_live_and_reference(agreement)
    stay = Mobility.objects.get(pk=grants[3].mobility_id)
    mobility_services.update_mobility(
        stay, by=coordinator, version=None, changes={"destination_country": "FR"}
    )
    assert_stored_equal_live_and_reference(agreement)
    stay = Mobility.objects.get(pk=grants[4].mobility_id)
    mobility_services.update_mobility(
        stay, by=coordinator, version=None, changes={"funding": Funding.OTHER}
    )
    assert_stored_equal_live_and_reference(agreement)

    # The outcome, saved on the stay.
    stay = Mobility.objects.get(pk=grants[5].mobility_id)
    stay.outcome = Outcome.CANCELLED if stay.outcome != Outcome.CANCELLED else Outcome.COMPLETED
    stay.save()
    assert_stored_equal_live_and_reference(agreement)

    # A student to another programme; a programme renamed.
    student = grants[6].mobility.student
    other = next(
        g.mobility.student.programme
        for g in grants
        if g.mobility.student.programme_id != student.programme_id
    )
    student_services.update_student(
        student, by=coordinator, version=None, changes={"programme": other}
    )
    assert_stored_equal_live_and_reference(agreement)
    programme_services.update_programme(other, by=coordinator, changes={"name": "Hernoemd"})
    assert_stored_equal_live_and_reference(agreement)

    # The programmes' import renames one by its code.
    programme = grants[7].mobility.student.programme
    rows = [["Crebo", "Opleiding", "Niveau"], [programme.qualification_code, "Uit de import", "2"]]
    apply(run_of(csv_bytes(rows), kind="programmes"))
    assert_stored_equal_live_and_reference(agreement)

    # A grant moved to another agreement, and one deleted with its stay's erasure.
    other_agreement = GrantAgreement.objects.create(
        name="Andere", project_number="2024-1-NL01-KA121-VET-000999999", call_year=2024,
        start=D(2025, 1, 1), end=D(2026, 12, 31), budget=Decimal("1000.00"),
    )  # fmt: skip
    grants[8].agreement = other_agreement
    grants[8].save()
    assert_stored_equal_live_and_reference(agreement)
    assert_stored_equal_live_and_reference(other_agreement)
    erased = next(
        g.mobility for g in grants[9:] if g.mobility.outcome != Outcome.IN_PROGRESS
    ).student
    erase_student(erased, by=coordinator)
    assert_stored_equal_live_and_reference(agreement)


def test_pages_read_stored_totals_and_count_stale_agreements_live(agreement):
    generated(agreement, 5, 20)
    stored = totals.totals_for(agreement)
    overview = totals.totals_of([agreement])[0]

    tallies.stale([agreement.pk])
    live = totals.totals_for(agreement)

    assert (stored.planned, stored.realised, stored.broken_off) == (
        live.planned,
        live.realised,
        live.broken_off,
    )
    assert (overview.planned, overview.realised) == (live.planned, live.realised)
    assert stored.by_country_group == live.by_country_group
    assert stored.by_programme == live.by_programme
    assert reference_totals(agreement).planned == live.planned


def test_the_daily_refresh_counts_the_stale_agreements_again(agreement):
    generated(agreement, 2, 5)
    tallies.stale([agreement.pk])
    assert tallies.refresh_stale() == 1
    assert not TallyStale.objects.exists()
    assert tallies.differences() == {}


def test_after_commit_a_transaction_refreshes_its_agreements_once(
    agreement, settings, django_capture_on_commit_callbacks
):
    settings.FUNDING_TALLIES_REFRESH = tallies.ON_COMMIT
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        generated(agreement, 4, 6)
        # Marked within the transaction, counted live until it commits.
        assert TallyStale.objects.filter(agreement=agreement).count() > 1

    assert len(callbacks) == 1
    assert not TallyStale.objects.exists()
    assert_stored_equal_live_and_reference(agreement)
