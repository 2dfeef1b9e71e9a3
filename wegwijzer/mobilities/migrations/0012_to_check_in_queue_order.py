"""The "to check" queue's index in the queue's order, on PostgreSQL only.

The homes list the items waiting for a check longest waiting first, never-changed ones
before all (attention.LONGEST_WAITING: changed_at NULLS FIRST, then id). PostgreSQL sorts
NULLs last in an ascending index, so item_to_check could find the items but not their
order: the first ten were a top-N sort of every item waiting. SQLite puts NULLs first in
an ascending index already (and refuses NULLS FIRST in one), so item_to_check serves the
order there and this index is not made.

EXPLAIN ANALYZE on bench_100k (2,912 items waiting), the home's first ten:
    before: Bitmap Heap Scan on mobilities_checklistitem (2,550 pages), Sort Method:
        top-N heapsort, 7.4 ms
    after: Index Only Scan using item_to_check_queue, rows=10, 0.06 ms
"""

from django.db import migrations

from wegwijzer.core.schema import PostgreSQLIndex

INDEX = "item_to_check_queue"
CREATE = (
    f"CREATE INDEX {INDEX} ON mobilities_checklistitem (changed_at ASC NULLS FIRST, id)"
    " WHERE applicable AND status = 'to_check'"
)


class Migration(migrations.Migration):
    dependencies = [
        ("mobilities", "0011_open_step_country"),
    ]

    operations = [PostgreSQLIndex(INDEX, CREATE)]
