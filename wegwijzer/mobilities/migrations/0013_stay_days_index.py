"""The days of each stay as a range in a GiST index, on PostgreSQL only: "abroad on a day"
(mobilities.models.AwayOn) asks whether the stay's days contain the day.

The btree mobility_away (return day, departure day) finds the day's stays by reading every
stay returning on or after the day, most of them still to come, and the planner, which
cannot tell how many of those left before the day, guessed five times too many: at 100k
it chose a parallel plan for who-is-where's counts. The range index finds the day's stays
alone and its statistics give the planner their number. SQLite has no ranges: there the
two comparisons and mobility_away stay.

The expression is AwayOn's (models.STAY_DAYS), NULL for a stay whose last day comes before
its first: daterange() refuses such a range, and an index that refused would refuse
every write of the stay.

Who-is-where's counts of the day on a copy of bench_100k (2,276 stays that day), with the
erased students as a set (students 0009), EXPLAIN (ANALYZE, BUFFERS), median of 15:

    before (the btree, "abroad or departing" already in one WHERE): Gather Merge, Workers
        Launched: 2 -> Parallel Bitmap Heap Scan, Bitmap Index Scan on mobility_away
        (rows=10607 estimated, 1920 found), 25 ms
    after: Bitmap Index Scan on mobility_days (rows=2029 estimated, 1920 found,
        Buffers: shared hit=44), no workers, 8 ms
"""

from django.db import migrations

from wegwijzer.core.schema import PostgreSQLIndex

INDEX = "mobility_days"
FIRST = "COALESCE(actual_departure_date, departure_date)"
LAST = "COALESCE(actual_return_date, return_date)"
CREATE = (
    f"CREATE INDEX {INDEX} ON mobilities_mobility USING gist"
    f" ((CASE WHEN {FIRST} <= {LAST} THEN daterange({FIRST}, {LAST}, '[]') END))"
)


class Migration(migrations.Migration):
    dependencies = [
        ("mobilities", "0012_to_check_in_queue_order"),
    ]

    operations = [PostgreSQLIndex(INDEX, CREATE)]
