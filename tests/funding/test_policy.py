"""The school's grant policy, what the student receives, and the payments of it.

The demo's 2024 table and a school in Utrecht: a 14-day stay in Valencia (3 to 16 March
2025) gets €1,891 (individual €1,232, travel €309, organisational €350), so the support
for the participant is €1,891 - €350 = €1,541.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import MobilityFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding.models import GrantPolicy, MobilityGrant, Moment, Payment
from wegwijzer.funding.policy import (
    DEFAULT_POLICY,
    Instalment,
    Policy,
    amount_lines,
    current_policy,
    plan_demo_payments,
    plan_for,
    plan_payments,
    record_paid,
    save_policy,
    split,
    student_amount,
    undo_paid,
)
from wegwijzer.funding.services import override_total, set_grant
from wegwijzer.mobilities.models import Funding, Mobility, Outcome
from wegwijzer.mobilities.services import update_mobility
from wegwijzer.privacy.erasure import erase_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

BEFORE = Instalment(80, Moment.BEFORE_DEPARTURE, 14)
AFTER = Instalment(20, Moment.AFTER_RETURN, 30)


@pytest.fixture
def mobility(agreement) -> Mobility:
    return MobilityFactory.create(
        destination_country="ES",
        destination_city="Valencia",
        departure_date=datetime.date(2025, 3, 3),
        return_date=datetime.date(2025, 3, 16),
        funding=Funding.ERASMUS,
    )


def grant_of(mobility, agreement, by, *, fewer_opportunities=False) -> MobilityGrant:
    return set_grant(
        mobility, by=by, agreement=agreement, green_travel=False,
        fewer_opportunities=fewer_opportunities,
    )  # fmt: skip


def plan(grant: MobilityGrant) -> list[tuple[Decimal, datetime.date, bool]]:
    return [(p.amount, p.due_on, p.is_paid) for p in grant.payments.order_by("position")]


# The policy


def test_without_a_saved_policy_the_default_applies():
    policy = current_policy()

    assert policy == DEFAULT_POLICY
    assert policy.is_default
    assert policy.student_share == 100
    assert [(rule.percent, rule.moment) for rule in policy.instalments] == [
        (80, Moment.BEFORE_DEPARTURE),
        (20, Moment.AFTER_RETURN),
    ]


def test_save_policy_keeps_it_and_audits_before_and_after(coordinator):
    save_policy(
        by=coordinator,
        student_share=75,
        instalments=[
            Instalment(50, Moment.BEFORE_DEPARTURE, 30),
            Instalment(50, Moment.AT_DEPARTURE),
        ],
    )

    policy = current_policy()
    assert not policy.is_default
    assert policy.student_share == 75
    assert policy.instalments == (
        Instalment(50, Moment.BEFORE_DEPARTURE, 30),
        Instalment(50, Moment.AT_DEPARTURE, 0),
    )
    entry = AuditEntry.objects.get(object_type="funding.grantpolicy")
    assert entry.changes["policy"][0].startswith("100 %; 80 % 14 days before departure")
    assert entry.changes["policy"][1] == (
        "75 %; 50 % 30 days before departure, 50 % on the day of departure"
    )


@pytest.mark.parametrize(
    ("share", "instalments", "message"),
    [
        (100, [Instalment(80, Moment.BEFORE_DEPARTURE)], "add up to 80 %"),
        (100, [BEFORE, AFTER, Instalment(10, Moment.AT_DEPARTURE)], "add up to 110 %"),
        (101, [BEFORE, AFTER], "from 0 to 100 percent"),
        (-1, [BEFORE, AFTER], "from 0 to 100 percent"),
        (100, [Instalment(120, Moment.BEFORE_DEPARTURE), Instalment(-20, Moment.AT_DEPARTURE)],
         "Each instalment is from 1 to 100 percent"),
        (100, [Instalment(80, Moment.BEFORE_DEPARTURE, -3), AFTER], "cannot be negative"),
        (100, [], "at least one instalment"),
    ],
)  # fmt: skip
def test_save_policy_refuses_a_wrong_policy_and_saves_nothing(
    coordinator, share, instalments, message
):
    with pytest.raises(ValidationError) as refused:
        save_policy(by=coordinator, student_share=share, instalments=instalments)

    assert any(message in text for text in refused.value.messages)
    assert not GrantPolicy.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_second_save_replaces_the_instalments(coordinator):
    save_policy(by=coordinator, student_share=90, instalments=[BEFORE, AFTER])

    save_policy(by=coordinator, student_share=90, instalments=[Instalment(100, "at_departure")])

    assert GrantPolicy.objects.count() == 1
    assert current_policy().instalments == (Instalment(100, Moment.AT_DEPARTURE, 0),)


# What the student receives


def test_the_student_receives_the_individual_and_travel_support(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)

    # €1,891 - organisational €350 = €1,541, at the default 100 %.
    assert grant.school_support == Decimal(350)
    assert student_amount(grant) == Decimal("1541.00")


def test_inclusion_support_is_for_the_school_too(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator, fewer_opportunities=True)

    # €1,991 - organisational €350 - inclusion €100 = €1,541.
    assert grant.total == Decimal(1991)
    assert student_amount(grant) == Decimal("1541.00")


def test_the_share_applies_to_the_support_for_the_participant(mobility, agreement, coordinator):
    save_policy(by=coordinator, student_share=75, instalments=[BEFORE, AFTER])

    grant = grant_of(mobility, agreement, coordinator)

    # 75 % of €1,541 = €1,155.75.
    assert grant.student_share == 75
    assert student_amount(grant) == Decimal("1155.75")


def test_a_total_set_by_hand_replaces_the_computed_total(mobility, agreement, coordinator):
    save_policy(by=coordinator, student_share=75, instalments=[BEFORE, AFTER])
    grant = grant_of(mobility, agreement, coordinator)

    override_total(grant, by=coordinator, total=Decimal(1500), reason="Ingekort")

    # 75 % of (€1,500 - €350) = €862.50, shown line by line.
    assert student_amount(grant) == Decimal("862.50")
    assert [(line.label, line.amount) for line in amount_lines(grant)] == [
        ("Grant, set by hand", Decimal(1500)),
        ("Less organisational and inclusion support (for the school)", Decimal(350)),
        ("Support for the participant", Decimal(1150)),
        ("The student receives 75 % of it", Decimal("862.50")),
    ]


def test_a_total_by_hand_below_the_schools_support_leaves_the_student_nothing(
    mobility, agreement, coordinator
):
    grant = grant_of(mobility, agreement, coordinator)

    override_total(grant, by=coordinator, total=Decimal(200), reason="Afgebroken")

    assert student_amount(grant) == Decimal("0.00")
    assert not grant.payments.exists()


def test_the_student_amount_is_rounded_to_the_cent_half_up(mobility, agreement, coordinator):
    save_policy(by=coordinator, student_share=50, instalments=[BEFORE, AFTER])
    grant = grant_of(mobility, agreement, coordinator)

    override_total(grant, by=coordinator, total=Decimal("350.05"), reason="Test")

    # 50 % of €0.05 = €0.025, rounded half up.
    assert student_amount(grant) == Decimal("0.03")


def test_a_policy_change_applies_when_the_grant_is_set_again(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)
    save_policy(by=coordinator, student_share=50, instalments=[BEFORE, AFTER])

    kept = student_amount(MobilityGrant.objects.get(pk=grant.pk))
    grant = grant_of(mobility, agreement, coordinator)

    assert kept == Decimal("1541.00")
    assert student_amount(grant) == Decimal("770.50")


# Splitting into instalments


@pytest.mark.parametrize(
    ("amount", "percents", "parts"),
    [
        ("1541.00", [80, 20], ["1232.80", "308.20"]),
        ("100.00", [33, 33, 34], ["33.00", "33.00", "34.00"]),
        ("0.10", [33, 33, 34], ["0.03", "0.03", "0.04"]),
        ("100.00", [1, 1, 1], ["33.33", "33.33", "33.34"]),
        ("1155.75", [80, 20], ["924.60", "231.15"]),
        ("0.05", [50, 50], ["0.03", "0.02"]),
    ],
)
def test_split_puts_the_rounding_remainder_in_the_last_part(amount, percents, parts):
    result = split(Decimal(amount), percents)

    assert result == [Decimal(part) for part in parts]
    assert sum(result) == Decimal(amount)


# Planning the payments


def test_setting_a_grant_plans_the_payments_from_the_policy(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)

    # 80 % 14 days before departure (3 March), 20 % 30 days after the return (16 March).
    assert plan(grant) == [
        (Decimal("1232.80"), datetime.date(2025, 2, 17), False),
        (Decimal("308.20"), datetime.date(2025, 4, 15), False),
    ]
    entry = AuditEntry.objects.get(object_type="funding.mobilitygrant", mobility=mobility)
    assert entry.changes["payments"] == ["", "1: €1232.80 2025-02-17; 2: €308.20 2025-04-15"]


def test_planning_again_without_a_change_writes_nothing(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)
    ids = list(grant.payments.values_list("public_id", flat=True))
    entries = AuditEntry.objects.count()

    plan_payments(grant, by=coordinator)

    assert list(grant.payments.values_list("public_id", flat=True)) == ids
    assert AuditEntry.objects.count() == entries


def test_new_dates_move_the_unpaid_payments_and_keep_the_paid_one(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)
    first = grant.payments.get(position=1)
    record_paid(
        first, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=first.amount, note=""
    )

    update_mobility(
        mobility, by=coordinator, version=None, changes={"return_date": datetime.date(2025, 3, 30)}
    )

    # 28 days abroad + 2 travel = 30 funded days: 14 x 80 + 16 x 56 = 2,016; with travel
    # €309 the participant's support is €2,325, of which €1,232.80 is paid.
    assert plan(grant) == [
        (Decimal("1232.80"), datetime.date(2025, 2, 17), True),
        (Decimal("1092.20"), datetime.date(2025, 4, 29), False),
    ]
    first.refresh_from_db()
    assert first.paid_amount == Decimal("1232.80")
    assert first.paid_on == datetime.date(2025, 2, 14)


def test_a_lower_grant_after_a_payment_shows_what_to_claim_back(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)
    first = grant.payments.get(position=1)
    record_paid(
        first, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=first.amount, note=""
    )

    override_total(grant, by=coordinator, total=Decimal(1200), reason="Afgebroken")

    # €1,200 - €350 = €850 for the student, €1,232.80 paid: €382.80 too much.
    shown = plan_for(grant, list(grant.payments.all()))
    assert shown.amount == Decimal("850.00")
    assert shown.paid == Decimal("1232.80")
    assert shown.overpaid == Decimal("382.80")
    assert shown.to_pay == Decimal("0.00")
    assert plan(grant) == [(Decimal("1232.80"), datetime.date(2025, 2, 17), True)]


def test_a_higher_grant_after_all_is_paid_adds_one_payment(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)
    # The instalment after the return waits for the participant report.
    MobilityGrant.objects.filter(pk=grant.pk).update(
        participant_report_on=datetime.date(2025, 4, 1)
    )
    for payment in grant.payments.order_by("position"):
        payment = Payment.objects.get(pk=payment.pk)
        record_paid(
            payment, by=coordinator, paid_on=datetime.date(2025, 4, 1), amount=payment.amount,
            note="",
        )  # fmt: skip

    override_total(grant, by=coordinator, total=Decimal(2000), reason="Extra reisdagen")

    # €2,000 - €350 = €1,650; €1,541 paid: €109 more, after the return.
    extra = grant.payments.get(paid_on__isnull=True)
    assert (extra.position, extra.amount, extra.moment) == (3, Decimal(109), Moment.AFTER_RETURN)


def test_a_cancelled_stay_gets_no_more_payments(mobility, agreement, coordinator):
    grant = grant_of(mobility, agreement, coordinator)
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.CANCELLED)
    grant = MobilityGrant.objects.get(pk=grant.pk)

    plan_payments(grant, by=coordinator)

    assert not grant.payments.exists()


# Recording payments


def test_record_paid_keeps_the_day_and_amount_and_audits_it(mobility, agreement, coordinator):
    payment = grant_of(mobility, agreement, coordinator).payments.get(position=1)

    record_paid(
        payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=Decimal("1232.80"),
        note="",
    )  # fmt: skip

    payment.refresh_from_db()
    assert payment.paid_on == datetime.date(2025, 2, 14)
    assert payment.paid_amount == Decimal("1232.80")
    entry = AuditEntry.objects.get(object_type="funding.payment", mobility=mobility)
    assert entry.changes == {"paid_on": ["", "2025-02-14"], "paid_amount": ["", "1232.80"]}
    assert entry.mobility == mobility


def test_another_amount_needs_a_note_and_moves_the_rest_to_the_next_payment(
    mobility, agreement, coordinator
):
    grant = grant_of(mobility, agreement, coordinator)
    payment = grant.payments.get(position=1)

    with pytest.raises(ValidationError, match="needs a note"):
        record_paid(
            payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=Decimal(1000),
            note="",
        )  # fmt: skip
    record_paid(
        payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=Decimal(1000),
        note="Rest na terugkomst",
    )  # fmt: skip

    # €1,541 - €1,000 paid = €541 in the second payment.
    assert plan(grant) == [
        (Decimal("1232.80"), datetime.date(2025, 2, 17), True),
        (Decimal("541.00"), datetime.date(2025, 4, 15), False),
    ]


def test_record_paid_refuses_a_negative_amount_and_saves_nothing(mobility, agreement, coordinator):
    payment = grant_of(mobility, agreement, coordinator).payments.get(position=1)

    with pytest.raises(ValidationError, match="cannot be negative"):
        record_paid(
            payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=Decimal(-5),
            note="Terug",
        )  # fmt: skip

    payment.refresh_from_db()
    assert not payment.is_paid


def test_record_paid_twice_is_refused(mobility, agreement, coordinator):
    payment = grant_of(mobility, agreement, coordinator).payments.get(position=1)
    record_paid(
        payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=payment.amount, note=""
    )

    with pytest.raises(ValidationError, match="already been recorded"):
        record_paid(
            payment, by=coordinator, paid_on=datetime.date(2025, 2, 15), amount=payment.amount,
            note="",
        )  # fmt: skip


def test_undo_paid_needs_a_reason_and_is_audited_with_before_and_after(
    mobility, agreement, coordinator
):
    grant = grant_of(mobility, agreement, coordinator)
    payment = grant.payments.get(position=1)
    record_paid(
        payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=Decimal(1000),
        note="Deels",
    )  # fmt: skip

    with pytest.raises(ValidationError, match="Give a reason"):
        undo_paid(payment, by=coordinator, reason=" ")
    undo_paid(payment, by=coordinator, reason="Verkeerde student")

    entry = AuditEntry.objects.filter(object_type="funding.payment", mobility=mobility).first()
    assert entry is not None
    assert entry.note == "Verkeerde student"
    assert entry.changes == {"paid_on": ["2025-02-14", ""], "paid_amount": ["1000.00", ""]}
    # Nothing paid any more: the plan is the policy's again.
    assert plan(grant) == [
        (Decimal("1232.80"), datetime.date(2025, 2, 17), False),
        (Decimal("308.20"), datetime.date(2025, 4, 15), False),
    ]


# The demo


def test_plan_demo_payments_pays_the_first_of_stays_begun_and_all_of_completed_ones_once(
    agreement, coordinator
):
    def stay(departure, outcome=Outcome.IN_PROGRESS):
        made = MobilityFactory.create(
            destination_country="ES", destination_city="Valencia", funding=Funding.ERASMUS,
            departure_date=departure, return_date=departure + datetime.timedelta(days=20),
            outcome=outcome,
        )  # fmt: skip
        return grant_of(made, agreement, coordinator)

    coming = stay(datetime.date(2025, 9, 1))
    abroad = stay(datetime.date(2025, 5, 20))
    completed = stay(datetime.date(2025, 3, 3), Outcome.COMPLETED)

    plan_demo_payments(today=datetime.date(2025, 6, 1))
    plan_demo_payments(today=datetime.date(2025, 6, 1))  # loading again pays nothing more

    assert [paid for *_rest, paid in plan(coming)] == [False, False]
    assert [paid for *_rest, paid in plan(abroad)] == [True, False]
    assert [paid for *_rest, paid in plan(completed)] == [True, True]
    assert current_policy() == Policy(100, DEFAULT_POLICY.instalments)
    ours = [grant.mobility for grant in (coming, abroad, completed)]
    assert AuditEntry.objects.filter(object_type="funding.payment", mobility__in=ours).count() == 3


def test_erasure_keeps_the_payments_amounts_and_empties_their_notes(
    mobility, agreement, coordinator
):
    grant = grant_of(mobility, agreement, coordinator)
    payment = grant.payments.get(position=1)
    record_paid(
        payment, by=coordinator, paid_on=datetime.date(2025, 2, 14), amount=Decimal(1000),
        note="Rest naar rekening van de moeder",
    )  # fmt: skip
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.COMPLETED)

    erase_student(mobility.student, by=coordinator)

    payment.refresh_from_db()
    assert (payment.paid_on, payment.paid_amount) == (datetime.date(2025, 2, 14), Decimal(1000))
    assert payment.moment == Moment.BEFORE_DEPARTURE
    assert payment.note == ""
