"""The coordinator's list of payments due: its sums added up by the database, the list a
page at a time, and as many queries for 5 payments as for 50.

The stay (tests/funding/test_payment_pages.py): Valencia, 3 to 16 March 2025; under the
default policy €1,232.80 due 17 February and €308.20 due 15 April. Today is 1 March.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.funding.test_payment_pages import TODAY, valencia
from wegwijzer.funding import listing, participant_report, policy
from wegwijzer.funding.models import Moment, Payment
from wegwijzer.mobilities.models import Funding, Mobility, Outcome
from wegwijzer.mobilities.services import update_mobility

D = datetime.date
URL = reverse("funding:payments")


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return TODAY


def more_payments(grant, count: int, *, amount: str = "10.00", due_on: datetime.date) -> None:
    """Unpaid payments on one grant, as many as a test needs."""
    Payment.objects.bulk_create(
        Payment(grant=grant, position=10 + number, percent=0, moment=Moment.BEFORE_DEPARTURE,
                amount=Decimal(amount), due_on=due_on)
        for number in range(count)
    )  # fmt: skip


def test_sums_count_and_add_up_what_is_overdue_and_what_is_coming(agreement, coordinator):
    grant = valencia(agreement, coordinator).grant
    more_payments(grant, 3, amount="0.10", due_on=D(2025, 2, 28))  # overdue
    more_payments(grant, 2, amount="0.20", due_on=D(2025, 3, 31))  # within 30 days
    more_payments(grant, 1, amount="99.00", due_on=D(2025, 4, 1))  # beyond 30 days
    paid = grant.payments.filter(due_on=D(2025, 2, 28)).first()
    assert paid is not None
    Payment.objects.filter(pk=paid.pk).update(paid_on=D(2025, 2, 1), paid_amount=paid.amount)

    sums = policy.due_sums(TODAY, TODAY + datetime.timedelta(30))

    # €1,232.80 due 17 February and two of the three €0.10; €0.40 coming.
    assert sums == policy.DueSums(3, Decimal("1233.00"), 2, Decimal("0.40"))


def test_sums_leave_out_stays_called_off_or_no_longer_erasmus(agreement, coordinator):
    cancelled = valencia(agreement, coordinator)
    other = valencia(agreement, coordinator)
    Mobility.objects.filter(pk=cancelled.pk).update(outcome=Outcome.CANCELLED)
    Mobility.objects.filter(pk=other.pk).update(funding=Funding.OTHER)

    sums = policy.due_sums(TODAY, TODAY + datetime.timedelta(30))

    assert sums == policy.DueSums(0, Decimal("0.00"), 0, Decimal("0.00"))


def test_page_shows_the_sums(english, coordinator, agreement):
    grant = valencia(agreement, coordinator).grant
    more_payments(grant, 2, amount="5.05", due_on=D(2025, 3, 20))
    english.force_login(coordinator)

    page = english.get(URL).content.decode()

    assert "<dt>Overdue</dt><dd>1 payment, €1,232.80</dd>" in page
    assert "<dt>Due within 30 days</dt><dd>2 payments, €10.10</dd>" in page


def test_page_lists_the_payments_a_page_at_a_time_the_oldest_first(english, coordinator, agreement):
    grant = valencia(agreement, coordinator).grant
    for day in range(1, 31):
        more_payments(grant, 1, amount=f"{day}.01", due_on=D(2025, 3, day))
    english.force_login(coordinator)

    first = english.get(URL).content.decode()
    second = english.get(URL, {"page": 2}).content.decode()

    def cell(amount: str) -> str:
        return f'<td data-label="Amount">€{amount}</td>'

    # 31 payments: the overdue one and 1 to 24 March on the first page, the rest next.
    assert cell("1,232.80") in first and cell("24.01") in first and cell("25.01") not in first
    assert cell("25.01") in second and cell("30.01") in second
    assert cell("1,232.80") not in second
    assert first.index(cell("1,232.80")) < first.index(cell("1.01")) < first.index(cell("24.01"))
    assert 'id="payments-due"' in first and 'hx-target="#payments-due"' in first
    # The sums count every payment, not just the page's.
    assert "31 payments" not in second and "30 payments, €" in second


def test_the_list_says_the_instalment_after_the_return_waits_for_the_report(
    english, coordinator, agreement
):
    # Back on 20 January: the payment after the return is due on 19 February, overdue.
    back = valencia(agreement, coordinator, departure_date=D(2025, 1, 6),
                    return_date=D(2025, 1, 20))  # fmt: skip
    english.force_login(coordinator)

    waiting = english.get(URL).content.decode()
    participant_report.record(back.grant, by=coordinator, on=TODAY)
    submitted = english.get(URL).content.decode()

    record_link = reverse("funding:participant-report", args=[back.public_id])
    assert f'href="{record_link}"' in waiting and f'href="{record_link}"' not in submitted
    # The payment before departure waits for nothing: one report line, for the last one.
    assert submitted.count("Participant report submitted.") == 1


def test_the_report_rule_is_the_same_for_the_list_and_for_recording(agreement, coordinator):
    back = valencia(agreement, coordinator, departure_date=D(2025, 1, 6),
                    return_date=D(2025, 1, 20))  # fmt: skip
    shown = {p.moment: p.waits_for_report for p in policy.payments_due(D(2025, 12, 31))}

    assert shown == {Moment.BEFORE_DEPARTURE: False, Moment.AFTER_RETURN: True}
    participant_report.record(back.grant, by=coordinator, on=TODAY)
    shown = {p.moment: p.waits_for_report for p in policy.payments_due(D(2025, 12, 31))}
    assert shown == {Moment.BEFORE_DEPARTURE: False, Moment.AFTER_RETURN: False}


def test_page_takes_the_same_queries_for_5_or_50_payments(english, coordinator, agreement):
    grant = valencia(agreement, coordinator).grant
    more_payments(grant, 4, due_on=D(2025, 3, 10))
    english.force_login(coordinator)
    english.get(URL)
    with CaptureQueriesContext(connection) as few:
        few_page = english.get(URL).content.decode()

    more_payments(grant, 45, due_on=D(2025, 3, 10))
    with CaptureQueriesContext(connection) as many:
        many_page = english.get(URL).content.decode()

    assert few_page.count("Record as paid") == 5
    assert many_page.count("Record as paid") == 25
    assert len(many) == len(few)


def _payment_counts(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if "COUNT(*)" in query["sql"] and "funding_payment" in query["sql"]
    ]


def test_page_counts_the_list_once_in_its_sums(english, coordinator, agreement):
    grant = valencia(agreement, coordinator).grant
    more_payments(grant, 29, due_on=D(2025, 3, 10))
    english.force_login(coordinator)

    with CaptureQueriesContext(connection) as queries:
        second = english.get(URL, {"page": 2}).content.decode()

    # 1 overdue and 29 coming: two pages; the paginator takes their number from the sums.
    assert "Page 2 of 2" in second and "1 payment, €" in second and "29 payments, €" in second
    assert second.count("Record as paid") == 5
    assert not _payment_counts(queries)


# Which payments the list counts is stored on each payment (Payment.on_list, kept by
# funding.listing); tests/conftest.py checks after every test that none has drifted.

VALENCIA_SUMS = policy.DueSums(1, Decimal("1232.80"), 0, Decimal("0.00"))
NOTHING_DUE = policy.DueSums(0, Decimal("0.00"), 0, Decimal("0.00"))


def sums_now() -> policy.DueSums:
    return policy.due_sums(TODAY, TODAY + datetime.timedelta(30))


def test_a_stay_that_leaves_erasmus_leaves_the_list_and_comes_back(agreement, coordinator):
    stay = valencia(agreement, coordinator)
    assert sums_now() == VALENCIA_SUMS

    update_mobility(stay, by=coordinator, version=None, changes={"funding": Funding.OTHER})
    assert sums_now() == NOTHING_DUE
    assert not policy.payments_due(TODAY + datetime.timedelta(30)).exists()

    update_mobility(stay, by=coordinator, version=None, changes={"funding": Funding.ERASMUS})
    assert sums_now() == VALENCIA_SUMS


def test_a_stay_saved_whole_leaves_the_list_when_called_off(agreement, coordinator):
    stay = valencia(agreement, coordinator)

    stay.outcome = Outcome.NOT_GOING
    stay.save()
    assert sums_now() == NOTHING_DUE

    stay.outcome = Outcome.IN_PROGRESS
    stay.save(update_fields=["outcome"])
    assert sums_now() == VALENCIA_SUMS


def test_a_queryset_update_of_the_stays_moves_their_payments_off_and_on(agreement, coordinator):
    called_off = valencia(agreement, coordinator)
    other = valencia(agreement, coordinator)
    stays = Mobility.objects.filter(pk__in=[called_off.pk, other.pk])

    # The update changes what its own filter matches: the stays are read before it.
    stays.filter(outcome=Outcome.IN_PROGRESS).update(outcome=Outcome.CANCELLED)
    assert sums_now() == NOTHING_DUE

    stays.filter(outcome=Outcome.CANCELLED).update(outcome=Outcome.IN_PROGRESS)
    assert sums_now() == policy.DueSums(2, Decimal("2465.60"), 0, Decimal("0.00"))


def test_payments_planned_again_for_a_stay_no_longer_erasmus_are_off_the_list(
    agreement, coordinator
):
    stay = valencia(agreement, coordinator)
    update_mobility(stay, by=coordinator, version=None, changes={"funding": Funding.OTHER})
    first = Payment.objects.get(grant__mobility=stay, position=1)

    # Less paid than planned: the second payment is planned again, for what is left.
    policy.record_paid(first, by=coordinator, paid_on=TODAY, amount=Decimal("1000.00"),
                       note="Deels betaald")  # fmt: skip

    second = Payment.objects.get(grant__mobility=stay, position=2)
    assert second.amount == Decimal("541.00") and not second.on_list


def test_a_payment_made_by_hand_for_a_stay_called_off_is_off_the_list(agreement, coordinator):
    stay = valencia(agreement, coordinator)
    Mobility.objects.filter(pk=stay.pk).update(outcome=Outcome.CANCELLED)

    made = Payment.objects.create(grant=Mobility.objects.get(pk=stay.pk).grant, position=3,
                                  percent=0, moment=Moment.BEFORE_DEPARTURE,
                                  amount=Decimal("5.00"), due_on=TODAY)  # fmt: skip

    assert not made.on_list
    assert sums_now() == NOTHING_DUE


def test_a_payment_off_the_list_behind_its_stays_back_is_found(agreement, coordinator):
    stay = valencia(agreement, coordinator)
    drifted = Payment.objects.filter(grant__mobility=stay, position=1)
    drifted.update(on_list=False)

    assert listing.differences() == [drifted.get().pk]
    assert listing.relist([stay.pk]) == 1
    assert listing.differences() == []
    assert sums_now() == VALENCIA_SUMS


def test_sums_read_the_payments_alone(agreement, coordinator):
    valencia(agreement, coordinator)

    with CaptureQueriesContext(connection) as queries:
        sums_now()

    # No join with the grants and stays: the cost follows the payments due, not the stays.
    (query,) = queries.captured_queries
    assert "JOIN" not in query["sql"] and "mobilities_mobility" not in query["sql"]


def test_the_daily_repair_sets_drifted_payments_again(agreement, coordinator, caplog):
    kept = valencia(agreement, coordinator)
    called_off = valencia(agreement, coordinator)
    Mobility.objects.filter(pk=called_off.pk).update(outcome=Outcome.CANCELLED)
    # Behind every hook's back, as a write racing with a stay's change could leave them.
    Payment.objects.filter(grant__mobility=kept).update(on_list=False)
    Payment.objects.filter(grant__mobility=called_off).update(on_list=True)

    assert listing.relist_drifted() == 4

    assert listing.differences() == []
    assert sums_now() == VALENCIA_SUMS
    assert "against their stay: 4" in caplog.text
