"""The ambassador pool's country choices, read the way an index reads them.

A DISTINCT over the ambassadors' stays joins every ambassador to their stay: a query that
grows with the pool (7,000 ambassadors at a school of 100,000 stays). The choices are few
(some 40 countries), so the query walks the index of the stays' countries instead: from
one country it finds the next one that has a stay with an ambassador, and stops after the
last (a "loose index scan", a recursive CTE; PostgreSQL and SQLite both run it). Each step
reads the country's stays in the index until one has an ambassador, some 15 at a school
where one stay in fourteen has one; a country with many stays and no ambassador is read
whole, which is rare and bounded by that country's stays.

PostgreSQL's plan, per step: Limit -> Nested Loop -> Index Scan using mobility_country on
mobilities_mobility, Index Only Scan using experiences_ambassador_mobility_id_key.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from wegwijzer.experiences.models import Ambassador
from wegwijzer.mobilities.models import Mobility

# The first country past {after} (the one found last, or '' for the first) that has a stay
# with an ambassador among those the gate lets through ({visible}: the gate's own SQL).
_NEXT = """(SELECT m.{country} FROM {mobility} m
    WHERE m.{country} > {after}
    AND EXISTS (SELECT 1 FROM ({visible}) v WHERE v.mobility_id = m.{id})
    ORDER BY m.{country} LIMIT 1)"""

_WALK = """WITH RECURSIVE found(country) AS (
    SELECT {first}
    UNION ALL
    SELECT {next} FROM found WHERE found.country IS NOT NULL
) SELECT country FROM found WHERE country IS NOT NULL"""


def ambassador_countries(visible: QuerySet[Ambassador]) -> list[str]:
    """The destination countries of the ambassadors the access gate lets through
    (access.visible_ambassadors), by code, in code order."""
    try:
        gate, gate_params = visible.order_by().values("mobility_id").query.sql_with_params()
    except EmptyResultSet:
        return []  # the gate lets nobody through
    quote = connection.ops.quote_name
    names = {
        "country": quote(str(Mobility._meta.get_field("destination_country").column)),
        "mobility": quote(Mobility._meta.db_table),
        "id": quote(str(Mobility._meta.get_field("id").column)),
        "visible": gate,
    }
    first = _NEXT.format(after="''", **names)
    following = _NEXT.format(after="found.country", **names)
    with connection.cursor() as cursor:
        cursor.execute(_WALK.format(first=first, next=following), [*gate_params, *gate_params])
        return [str(code) for (code,) in cursor.fetchall()]
