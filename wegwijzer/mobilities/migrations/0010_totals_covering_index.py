"""A covering index of the stays for the Erasmus+ totals, on PostgreSQL only: the stays' id
with every column the totals read (funding, outcome, country, student, the four dates).

The totals (funding.totals: the Erasmus+ overview, one agreement's page) join grants to
the stays and add them up; PostgreSQL read the whole table of stays for it (4,861 pages at
100,000 stays). With this index and funding_grant_totals_covering it merges two
index-only scans in id order instead (921 and 34 pages). SQLite ignores INCLUDE, so there
it would only be a second index on the primary key: not made.

On PostgreSQL with 100,000 stays (bench_100k, vacuumed), EXPLAIN (ANALYZE, BUFFERS):

    one agreement (5,207 grants), before: Parallel Seq Scan on mobilities_mobility
        (Buffers: shared hit=3613 read=1248), Execution Time 57-70 ms
    after: Merge Join (m.id = g.mobility_id) -> Parallel Index Only Scan using
        mobility_totals_covering on mobilities_mobility m (Buffers: 928) and Index Only Scan
        using funding_grant_totals_covering on funding_mobilitygrant g, 34-49 ms
    the overview (52,093 grants), before: Hash Join, Seq Scan on mobilities_mobility
        (4,861 pages) 64-87 ms; after: Hash Join, Parallel Index Only Scan using
        mobility_totals_covering (928 pages) 29-63 ms.
    The pages (benchmarks/pages.py, three rounds of 7, the machine shared): one agreement's
    totals 104/152/168 ms before, 88/84/87 after; the overview 90/82/113, then 84/66/82.

Only the planner's choice changes, never a figure. An index-only scan needs the visibility
map, which autovacuum keeps: PostgreSQL must run with it.
"""

from django.db import migrations

from wegwijzer.core.schema import PostgreSQLIndex

INDEX = "mobility_totals_covering"
CREATE = (
    f"CREATE INDEX {INDEX} ON mobilities_mobility (id) INCLUDE (funding, outcome,"
    " destination_country, student_id, departure_date, return_date,"
    " actual_departure_date, actual_return_date)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("mobilities", "0009_mobility_group"),
    ]

    operations = [PostgreSQLIndex(INDEX, CREATE)]
