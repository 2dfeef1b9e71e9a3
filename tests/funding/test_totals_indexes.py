"""The covering indexes the Erasmus+ totals read on PostgreSQL (mobilities 0010, funding
0007): made there, left out on SQLite, which ignores INCLUDE."""

from django.db import connection

from wegwijzer.funding import totals
from wegwijzer.funding.models import GrantAgreement, MobilityGrant
from wegwijzer.mobilities.models import Mobility

INDEXES = {
    Mobility._meta.db_table: "mobility_totals_covering",
    MobilityGrant._meta.db_table: "funding_grant_totals_covering",
}


def test_the_totals_covering_indexes_are_made_on_postgresql_only(db):
    with connection.cursor() as cursor:
        made = {
            table: set(connection.introspection.get_constraints(cursor, table)) for table in INDEXES
        }

    on_postgresql = connection.vendor == "postgresql"
    found = {table: name in made[table] for table, name in INDEXES.items()}
    assert found == dict.fromkeys(INDEXES, on_postgresql)


def test_the_covering_index_holds_every_column_of_the_stays_the_totals_read(db):
    """A column the totals read but the index lacks makes PostgreSQL read the table again:
    the index and the query change together."""
    query = str(
        totals._mobilities([GrantAgreement(pk=1)])
        .values("grant__agreement", "outcome", *totals.DETAIL)
        .annotate(**totals.FIGURES)
        .query
    )
    covered = {
        "id", "funding", "outcome", "destination_country", "student_id",
        "departure_date", "return_date", "actual_departure_date", "actual_return_date",
    }  # fmt: skip
    read = {
        field.column
        for field in Mobility._meta.concrete_fields
        if f'"{Mobility._meta.db_table}"."{field.column}"' in query
    }
    assert read and read <= covered
