"""The distinct values of an indexed column, read the way an index reads them.

A DISTINCT reads every row (or every index entry): a choice list of some 40 countries that
costs more as the table grows. With an index on the column, a "loose index scan" finds the
smallest value, then the smallest one past it, and so on: one short index probe per value,
however many rows hold each. A recursive CTE of MIN()s, which PostgreSQL (its plan: InitPlan
-> Limit -> Index Only Scan using the column's index, Index Cond: (col > found.value)) and
SQLite both answer from the index.

For a column of a whole table only: a list that the access gates narrow asks its own query
(see experiences.queries for the ambassadors' countries).
"""

from django.db import connection
from django.db.models import Model

_WALK = """WITH RECURSIVE found(value) AS (
    SELECT MIN({column}) FROM {table}
    UNION ALL
    SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value)
    FROM found WHERE found.value IS NOT NULL
) SELECT value FROM found WHERE value IS NOT NULL"""


def distinct_values(model: type[Model], field: str) -> list[str]:
    """The distinct values of the model's field in its whole table, in the column's order;
    the field must have an index (of its own, or leading one)."""
    quote = connection.ops.quote_name
    sql = _WALK.format(
        column=quote(str(model._meta.get_field(field).column)),  # type: ignore[union-attr]
        table=quote(model._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [str(value) for (value,) in cursor.fetchall()]
