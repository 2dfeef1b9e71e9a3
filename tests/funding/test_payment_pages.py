"""The grant policy and payment pages: the coordinator's, the supervisor's view of the plan,
and the student's own amount on their home page.

The stay: Valencia, 3 to 16 March 2025, from Utrecht; a grant of €1,891 of which €1,541 is
for the participant: 80 % (€1,232.80) due 17 February, 20 % (€308.20) due 15 April.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tests.factories import MobilityFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding import participant_report
from wegwijzer.funding.models import GrantAgreement, GrantPolicy, Payment
from wegwijzer.funding.policy import (
    OVERDUE_COUNTED_UP_TO,
    OverdueCount,
    overdue_count,
    record_paid,
)
from wegwijzer.funding.services import set_grant
from wegwijzer.mobilities.models import Funding, Mobility

TODAY = datetime.date(2025, 3, 1)


@pytest.fixture
def agreement(agreement) -> GrantAgreement:
    # These tests start from the default policy, whatever the demo saved.
    GrantPolicy.objects.all().delete()
    return agreement


def valencia(agreement, by, **facts) -> Mobility:
    mobility = MobilityFactory.create(
        **{
            "destination_country": "ES",
            "destination_city": "Valencia",
            "departure_date": datetime.date(2025, 3, 3),
            "return_date": datetime.date(2025, 3, 16),
            "funding": Funding.ERASMUS,
            **facts,
        }
    )
    set_grant(mobility, by=by, agreement=agreement, green_travel=False, fewer_opportunities=False)
    return mobility


@pytest.fixture
def mobility(agreement, coordinator, supervisor, mentor, student) -> Mobility:
    student.student.mentor = mentor
    student.student.save(update_fields=["mentor"])
    return valencia(agreement, coordinator, supervisor=supervisor, student=student.student)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return TODAY


def detail(client, mobility) -> str:
    return client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()


# The policy on the Erasmus+ pages


def test_overview_shows_the_default_policy(english, coordinator, agreement):
    english.force_login(coordinator)

    page = english.get(reverse("funding:overview")).content.decode()

    assert "The default policy applies" in page
    assert "100 % of the individual and travel support" in page
    assert "80 % 14 days before departure" in page
    assert "20 % 30 days after the return, with the participant report" in page


def policy_data(share, *rows):
    data = {
        "student_share": share,
        "instalments-TOTAL_FORMS": len(rows) + 1,
        "instalments-INITIAL_FORMS": 0,
    }
    # The blank row the page offers for one more instalment, sent as the browser does.
    blank = len(rows)
    data |= {f"instalments-{blank}-{name}": "" for name in ("percent", "moment", "days")}
    for number, (percent, moment, days) in enumerate(rows):
        data |= {
            f"instalments-{number}-percent": percent,
            f"instalments-{number}-moment": moment,
            f"instalments-{number}-days": days,
        }
    return data


def test_coordinator_changes_the_policy(english, coordinator, agreement):
    english.force_login(coordinator)

    response = english.post(
        reverse("funding:policy"),
        policy_data(90, (70, "before_departure", 21), (30, "after_return", 14)),
        follow=True,
    )

    page = response.content.decode()
    assert "The grant policy is saved." in page
    assert "90 % of the individual and travel support" in page
    assert "70 % 21 days before departure" in page
    assert "The default policy applies" not in page
    assert GrantPolicy.objects.get().student_share == 90
    assert AuditEntry.objects.filter(object_type="funding.grantpolicy").exists()


def test_saving_the_form_unchanged_keeps_the_default_as_the_schools_policy(
    english, coordinator, agreement
):
    english.force_login(coordinator)
    data = policy_data(100, (80, "before_departure", 14), (20, "after_return", 30))

    english.post(reverse("funding:policy"), data | {"instalments-INITIAL_FORMS": 2})

    assert GrantPolicy.objects.get().instalments.count() == 2


def test_policy_form_shows_the_policy_that_applies(english, coordinator, agreement):
    english.force_login(coordinator)

    page = english.get(reverse("funding:policy")).content.decode()

    assert 'name="student_share" value="100"' in page
    assert 'name="instalments-0-percent" value="80"' in page
    assert 'name="instalments-1-percent" value="20"' in page
    # The blank row for one more instalment sends nothing unless filled in.
    blank = page.split('name="instalments-2-moment"')[1].split("</select>")[0]
    assert '<option value="" selected>---------</option>' in blank


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (policy_data(100, (80, "before_departure", 14), (30, "after_return", 30)),
         "The instalments add up to 110 %; they must add up to exactly 100 %."),
        (policy_data(120, (100, "at_departure", 0)), "less than or equal to 100"),
        (policy_data(100, (-10, "at_departure", 0)), "greater than or equal to 1"),
        (policy_data(100), "Give at least one instalment."),
    ],
)  # fmt: skip
def test_policy_form_refuses_a_wrong_policy_and_saves_nothing(
    english, coordinator, agreement, data, message
):
    english.force_login(coordinator)

    page = english.post(reverse("funding:policy"), data).content.decode()

    assert "Nothing was saved yet" in page
    assert message in page
    assert not GrantPolicy.objects.exists()


# The payment plan on the mobility page


def test_coordinator_sees_the_students_amount_and_the_payments(
    english, coordinator, mobility, today
):
    english.force_login(coordinator)

    page = detail(english, mobility)

    assert "What the student receives" in page
    assert "<td>€350.00</td>" in page
    assert "<td>€1,541.00</td>" in page
    assert "Payments: €0.00 paid, €1,541.00 still to pay" in page
    assert "€1,232.80" in page and "€308.20" in page
    assert "(overdue)" in page  # 17 February has passed on 1 March
    assert page.count("Record as paid") == 2


def test_supervisor_sees_the_payments_but_cannot_record_them(english, supervisor, mobility):
    english.force_login(supervisor)

    page = detail(english, mobility)

    assert "€1,232.80" in page
    assert "Record as paid" not in page


def test_mentor_sees_no_payments(english, mentor, mobility):
    english.force_login(mentor)

    page = detail(english, mobility)

    assert mobility.destination_city in page
    assert "What the student receives" not in page
    assert "€1,232.80" not in page


def test_mobility_page_queries_do_not_grow_with_the_payments(english, coordinator, mobility):
    english.force_login(coordinator)
    first = mobility.grant.payments.get(position=1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            detail(english, mobility)
        return len(queries)

    with_two = count()
    record_paid(first, by=coordinator, paid_on=TODAY, amount=Decimal(1000), note="Deels")
    Payment.objects.create(
        grant=mobility.grant, position=5, percent=0, moment="after_return",
        amount=Decimal(1), due_on=TODAY,
    )  # fmt: skip

    assert mobility.grant.payments.count() == 3
    assert count() == with_two


# Recording and undoing a payment


def test_coordinator_records_a_payment_as_paid(english, coordinator, mobility):
    english.force_login(coordinator)
    payment = mobility.grant.payments.get(position=1)
    url = reverse("funding:payment-paid", args=[payment.public_id])

    form = english.get(url).content.decode()
    response = english.post(url, {"paid_on": "2025-02-14", "amount": "1232.80"}, follow=True)

    assert 'value="1232.80"' in form
    page = response.content.decode()
    assert "The payment is recorded as paid." in page
    assert "€1,232.80 on 14 February 2025" in page
    payment.refresh_from_db()
    assert payment.paid_on == datetime.date(2025, 2, 14)
    assert AuditEntry.objects.filter(object_type="funding.payment", mobility=mobility).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"paid_on": "2025-02-14", "amount": "1000"}, "needs a note saying why"),
        ({"paid_on": "2025-02-14", "amount": "-1", "note": "x"}, "greater than or equal to 0"),
        ({"amount": "1232.80"}, "This field is required."),
    ],
)
def test_record_paid_refuses_bad_input_and_saves_nothing(
    english, coordinator, mobility, data, message
):
    english.force_login(coordinator)
    payment = mobility.grant.payments.get(position=1)

    page = english.post(reverse("funding:payment-paid", args=[payment.public_id]), data)

    assert message in page.content.decode()
    payment.refresh_from_db()
    assert not payment.is_paid


def test_coordinator_undoes_a_payment_with_a_reason(english, coordinator, mobility):
    english.force_login(coordinator)
    payment = mobility.grant.payments.get(position=1)
    record_paid(payment, by=coordinator, paid_on=TODAY, amount=payment.amount, note="")
    url = reverse("funding:payment-undo", args=[payment.public_id])

    refused = english.post(url, {"reason": ""}).content.decode()
    response = english.post(url, {"reason": "Verkeerde rekening"}, follow=True)

    assert "This field is required." in refused
    assert "The payment is no longer recorded as paid." in response.content.decode()
    assert not mobility.grant.payments.filter(paid_on__isnull=False).exists()
    assert AuditEntry.objects.filter(
        object_type="funding.payment", mobility=mobility, note="Verkeerde rekening"
    ).exists()


def test_supervisor_may_not_record_a_payment(english, supervisor, mobility):
    english.force_login(supervisor)
    payment = mobility.grant.payments.get(position=1)

    response = english.post(
        reverse("funding:payment-paid", args=[payment.public_id]),
        {"paid_on": "2025-02-14", "amount": "1232.80"},
    )

    assert response.status_code == 403
    payment.refresh_from_db()
    assert not payment.is_paid


# The coordinator's list of payments due


def test_payments_due_lists_overdue_and_coming_payments_only(
    english, coordinator, mobility, agreement, today
):
    later = valencia(agreement, coordinator, departure_date=datetime.date(2025, 6, 2),
                     return_date=datetime.date(2025, 6, 20))  # fmt: skip
    english.force_login(coordinator)

    page = english.get(reverse("funding:payments")).content.decode()

    # Due 17 February (overdue) and 15 April (within 30 days? no: 45 days); the later stay's
    # first payment is due 19 May, beyond 30 days.
    assert "€1,232.80" in page
    assert "(overdue)" in page
    assert "€308.20" not in page
    assert escape(later.student.full_name) not in page
    assert escape(mobility.student.full_name) in page
    assert "?from=list" in page


def test_payments_due_say_whether_the_participant_report_is_in(
    english, coordinator, agreement, today
):
    # Back on 20 January: the payment after the return is due on 19 February, overdue.
    back = valencia(agreement, coordinator, departure_date=datetime.date(2025, 1, 6),
                    return_date=datetime.date(2025, 1, 20))  # fmt: skip
    english.force_login(coordinator)

    before = english.get(reverse("funding:payments")).content.decode()
    # Recorded by the coordinator on the grant (participant_report.record).
    participant_report.record(back.grant, by=coordinator, on=TODAY)
    after = english.get(reverse("funding:payments")).content.decode()

    assert "<strong>Participant report not submitted yet.</strong>" in before
    assert "Participant report submitted." not in before
    assert "Participant report submitted." in after
    assert "not submitted yet" not in after


def test_payments_due_runs_as_many_queries_with_many_payments(
    english, coordinator, agreement, today
):
    english.force_login(coordinator)

    def shown() -> tuple[int, int]:
        """The queries the list runs, and the payments it shows."""
        with CaptureQueriesContext(connection) as queries:
            page = english.get(reverse("funding:payments")).content.decode()
        return len(queries), page.count("Record as paid")

    valencia(agreement, coordinator)
    few = shown()
    for _number in range(5):
        valencia(agreement, coordinator)
    many = shown()

    # Each stay's first payment is overdue on 1 March; the second is not due within 30 days.
    assert many[1] == few[1] + 5
    assert many[0] == few[0]


def test_recording_from_the_list_goes_back_to_the_list(english, coordinator, mobility):
    english.force_login(coordinator)
    payment = mobility.grant.payments.get(position=1)

    response = english.post(
        reverse("funding:payment-paid", args=[payment.public_id]),
        {"paid_on": "2025-02-14", "amount": "1232.80", "from": "list"},
    )

    assert response.url == reverse("funding:payments")


# The student's home page


def test_student_sees_what_they_receive_and_when(english, student, mobility, today):
    english.force_login(student)

    page = english.get(reverse("home")).content.decode()

    assert "My Erasmus+ grant" in page
    assert "You receive €1,541.00 of the Erasmus+ grant" in page
    assert "€1,232.80" in page and "€308.20" in page
    # Not the school's breakdown, and no buttons.
    assert "organisational" not in page.lower()
    assert "Record as paid" not in page


def test_student_without_a_grant_sees_no_grant_section(english, student, agreement):
    MobilityFactory.create(student=student.student, funding=Funding.ERASMUS)
    english.force_login(student)

    page = english.get(reverse("home")).content.decode()

    assert "Where I am" in page
    assert "My Erasmus+ grant" not in page


def test_other_student_does_not_see_the_grant(english, other_student, mobility):
    english.force_login(other_student)

    page = english.get(reverse("home")).content.decode()

    assert "€1,541.00" not in page
    assert "My Erasmus+ grant" not in page


def test_coordinator_home_points_to_the_payments_overdue(
    english, coordinator, supervisor, mobility, today
):
    english.force_login(coordinator)
    home = english.get(reverse("home")).content.decode()
    first = mobility.grant.payments.get(position=1)
    record_paid(first, by=coordinator, paid_on=TODAY, amount=first.amount, note="")
    after = english.get(reverse("home")).content.decode()
    english.force_login(supervisor)
    supervisors = english.get(reverse("home")).content.decode()

    # The first payment was due on 17 February; the second is not due before April.
    assert "1 Erasmus+ payment to a student is overdue." in home
    assert f'href="{reverse("funding:payments")}"' in home
    assert "overdue." not in after
    assert "Erasmus+ payment" not in supervisors


def test_coordinator_home_counts_the_payments_overdue_up_to_a_bound(
    english, coordinator, agreement, today, monkeypatch
):
    monkeypatch.setattr("wegwijzer.funding.policy.OVERDUE_COUNTED_UP_TO", 2)
    english.force_login(coordinator)
    valencia(agreement, coordinator)
    valencia(agreement, coordinator)
    two = english.get(reverse("home")).content.decode()
    valencia(agreement, coordinator)
    three = english.get(reverse("home")).content.decode()

    # Each stay's first payment was due on 17 February. Up to the bound the count is exact;
    # beyond it the home says "more than", and the list of payments due counts them all.
    assert "2 Erasmus+ payments to students are overdue." in two
    assert "More than 2 Erasmus+ payments to students are overdue." in three
    assert "3 Erasmus+ payments" not in three
    assert overdue_count(TODAY) == OverdueCount(count=2, more=True)
    assert Payment.objects.filter(paid_on=None, due_on__lt=TODAY).count() == 3


def test_overdue_count_reads_the_oldest_unpaid_payments_only(agreement, coordinator, today):
    valencia(agreement, coordinator)

    with CaptureQueriesContext(connection) as queries:
        overdue = overdue_count(TODAY)

    assert (overdue.count, overdue.more) == (1, False)
    # One query, bounded: it stops after the bound and one more, the oldest first.
    (query,) = queries.captured_queries
    assert f"LIMIT {OVERDUE_COUNTED_UP_TO + 1}" in query["sql"]
    assert "ORDER BY" in query["sql"]
