"""Each payment says whether the list of payments due counts it (Payment.on_list: its stay
is funded by Erasmus+ and not called off), and one partial index of the unpaid payments on
the list, by day due, with the amount: the list's sums read that index alone.

The sums joined every unpaid payment due to its grant and stay, to ask the stay's funding
and outcome; the planner hashed every grant and stay for it. EXPLAIN (ANALYZE, BUFFERS)
on PostgreSQL of the page's sums (due_sums) on 5 December 2026, warm, vacuumed:

    bench_10k (333 payments due), before: Hash Join of a Seq Scan on
        funding_mobilitygrant (5,248 rows) with a Bitmap Heap Scan on funding_payment, then
        one stay per payment: 850 buffers, 3.2 ms
    after: Index Only Scan using funding_payment_due_listed on funding_payment (rows=333,
        Heap Fetches: 5): 5 buffers, 0.15 ms
    bench_100k (3,102 payments due), before: Parallel Bitmap Heap Scan on funding_payment,
        Hash Join with every grant, Nested Loop to the stays: 11,642 buffers, 62-95 ms
    after: Index Only Scan using funding_payment_due_listed on funding_payment
        (rows=3102, Heap Fetches: 5): 19 buffers, 0.7-1.1 ms

The first page of the list (ORDER BY due_on, id LIMIT 25) walks the same index: Index Scan
using funding_payment_due_listed (rows=25), 0.6 ms at 100k. SQLite makes the same index.

Filled from the stays as they are; funding.listing keeps it true from then on.
"""

from typing import Any

from django.db import migrations, models
from django.db.models import Exists, OuterRef

# policy.LISTED_STAYS, spelled out as it is today.
ERASMUS = "erasmus"
NOT_GOING = ("cancelled", "not_going")


def fill(apps: Any, schema_editor: Any) -> None:
    payment = apps.get_model("funding", "Payment")
    mobility = apps.get_model("mobilities", "Mobility")
    listed = (
        mobility.objects.filter(funding=ERASMUS, grant__pk=OuterRef("grant_id"))
        .exclude(outcome__in=NOT_GOING)
        .order_by()
    )
    payment.objects.exclude(Exists(listed)).update(on_list=False)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0008_agreement_tallies"),
        ("mobilities", "0012_to_check_in_queue_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="payment",
            name="on_list",
            field=models.BooleanField(default=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="payment", name="funding_payment_unpaid_due"),
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                condition=models.Q(("on_list", True), ("paid_on__isnull", True)),
                fields=["due_on", "id", "amount"],
                name="funding_payment_due_listed",
            ),
        ),
    ]
