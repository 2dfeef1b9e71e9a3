import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("hosts", "0002_contacts_recognitions_reviews")]
AFTER = [("hosts", "0004_drop_recognised_flags")]


@pytest.mark.django_db(transaction=True)
def test_the_programmes_a_host_was_recognised_for_become_recognitions():
    executor = MigrationExecutor(connection)
    # Programmes stay as they are now: a programme made in the old state needs its newest
    # columns (the assessment scale has no database default).
    before = [
        *BEFORE,
        *[node for node in executor.loader.graph.leaf_nodes() if node[0] == "programmes"],
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    programme = old.get_model("programmes", "Programme").objects.create(
        name="Kok", qualification_code="25181", level=3
    )
    host_company = old.get_model("hosts", "HostCompany")
    recognised = host_company.objects.create(name="Mar Azul", country="ES", city="Valencia")
    recognised.recognised_for.add(programme)
    host_company.objects.create(name="Other", country="ES", city="Valencia")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("hosts", "HostRecognition")
    rows = list(new.objects.values_list("host__name", "programme__name", "sbb_number"))
    assert rows == [("Mar Azul", "Kok", "")]
    assert new.objects.get().valid_until is None
    # Back to the latest state, for the tests after this one.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
