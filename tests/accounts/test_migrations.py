import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0004_user_public_id_unique")]


@pytest.mark.django_db(transaction=True)
def test_public_ids_are_filled_for_accounts_that_existed_before():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_user = executor.loader.project_state(BEFORE).apps.get_model("accounts", "User")
    for name in ("een", "twee", "drie"):
        old_user.objects.create(username=name, password="!")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new_user = executor.loader.project_state(AFTER).apps.get_model("accounts", "User")
    public_ids = list(new_user.objects.values_list("public_id", flat=True))
    assert len(public_ids) == 3
    assert None not in public_ids and len(set(public_ids)) == 3
    # Back to the latest state, for the tests after this one.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
