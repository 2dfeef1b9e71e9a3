"""The payments due, by day due: one partial index on Payment(due_on, id) where paid_on is
null, instead of an index on paid_on and one on due_on.

Every query of the list of payments due (policy.payments_due, due_sums, overdue_count on the
coordinator's home) asks for unpaid payments (paid_on IS NULL) due before a day, the oldest
first; paid payments, most of them, are never searched by day. Checked with EXPLAIN ANALYZE
on PostgreSQL, bench_10k (10,000 stays, 9,790 payments, 1,063 unpaid):

    first page, before:  Limit -> Sort (top-N heapsort) -> ... Seq Scan on funding_payment
                         Execution Time: 24.1 ms
    first page, after:   Limit -> Nested Loop -> Index Scan using funding_payment_unpaid_due
                         on funding_payment (rows=25)   Execution Time: 0.5 ms
    count and sums:      Bitmap Index Scan on funding_payment_unpaid_due   12.0 -> 3.4 ms

bench_100k (100,000 stays, 96,374 payments), the index made in a transaction rolled back:

    first page, before:  Parallel Seq Scan on funding_payment    Execution Time: 13.4 ms
    first page, after:   Index Scan using funding_payment_unpaid_due on funding_payment
                         (rows=25)   Execution Time: 0.5 ms
    count and sums:      Bitmap Index Scan on funding_payment_unpaid_due (rows=3033), then
                         a hash join with a Seq Scan on mobilities_mobility (the stay's
                         funding and outcome): 36 -> 33 ms; the join, not the index, costs.

SQLite: SEARCH funding_payment USING INDEX funding_payment_unpaid_due (due_on<?), no
"USE TEMP B-TREE FOR ORDER BY".
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_participant_report_on"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="payment",
            index=models.Index(
                condition=models.Q(("paid_on__isnull", True)),
                fields=["due_on", "id"],
                name="funding_payment_unpaid_due",
            ),
        ),
    ]
