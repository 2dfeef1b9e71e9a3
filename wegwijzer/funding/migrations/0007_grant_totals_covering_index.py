"""A covering index of the grants for the Erasmus+ totals, on PostgreSQL only: by agreement
and stay, with the amounts and green travel the totals add up.

An agreement's grants come out of it in the order of their stays' ids, so PostgreSQL merges
them with mobility_totals_covering (mobilities 0010) in two index-only scans instead of
hashing the grants and reading every stay. SQLite ignores INCLUDE: not made there (its
index on agreement_id serves as before).

On PostgreSQL with 100,000 stays (bench_100k, vacuumed), one agreement of 5,207 grants:

    before: Bitmap Heap Scan on funding_mobilitygrant (Recheck Cond: agreement_id = 1,
        592 buffers), hashed, then a Parallel Seq Scan on mobilities_mobility
    after: Index Only Scan using funding_grant_totals_covering on funding_mobilitygrant g
        (Index Cond: agreement_id = 1; 106 buffers), merged with an Index Only Scan using
        mobility_totals_covering on mobilities_mobility m

The overview, which adds up all 52,093 grants, still hashes them from the table (583
pages); its gain is the stays' index-only scan. Only the planner's choice changes, never a
figure.
"""

from django.db import migrations

from wegwijzer.core.schema import PostgreSQLIndex

INDEX = "funding_grant_totals_covering"
CREATE = (
    f"CREATE INDEX {INDEX} ON funding_mobilitygrant (agreement_id, mobility_id)"
    " INCLUDE (green_travel, override_total, computed_total)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0006_participant_layout"),
        ("mobilities", "0010_totals_covering_index"),
    ]

    operations = [PostgreSQLIndex(INDEX, CREATE)]
