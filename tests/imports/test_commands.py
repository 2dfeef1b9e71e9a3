import pytest
from django.core.management import CommandError, call_command

from tests.factories import ProgrammeFactory
from tests.imports.helpers import csv_bytes
from wegwijzer.audit.models import AuditEntry
from wegwijzer.hosts.models import HostCompany
from wegwijzer.imports.models import ImportMapping, ImportRun
from wegwijzer.students.models import Student

HEADINGS = ["Studentnummer", "Roepnaam", "Achternaam", "Geboortedatum", "Crebo", "Leerjaar"]


@pytest.fixture
def export(tmp_path, db):
    ProgrammeFactory.create(qualification_code="25181")
    path = tmp_path / "eduarte.csv"
    path.write_bytes(
        csv_bytes(
            [
                HEADINGS,
                ["100001", "Daan", "Vries", "14-03-2008", "25181", "2"],
                ["", "Zonder", "Nummer", "14-03-2008", "25181", "2"],
            ]
        )
    )
    return path


def test_the_dry_run_prints_the_table_and_changes_nothing(export, capsys):
    call_command("import_students", str(export))

    out = capsys.readouterr().out
    assert "created: 1  updated: 0  unchanged: 0  refused: 1" in out
    assert "line 2\t100001" in out
    assert "Refused\tline 3\t-" in out
    assert "Dry run: nothing changed" in out
    assert not Student.objects.exists()
    assert not ImportRun.objects.exists()


def test_apply_imports_and_audits_as_wegwijzer(export, capsys):
    call_command("import_students", str(export), "--apply")

    assert "Applied: 1 created, 0 updated, 1 refused." in capsys.readouterr().out
    assert Student.objects.get().student_number == "100001"
    entry = AuditEntry.objects.get(object_type="imports.importrun")
    assert (entry.actor, entry.actor_label) == (None, "Wegwijzer")


def test_a_saved_mapping_is_chosen_by_name(tmp_path, db, capsys):
    path = tmp_path / "hosts.csv"
    path.write_bytes(csv_bytes([["Firma", "Land", "Plaats"], ["Hotel Sol", "ES", "Valencia"]]))
    ImportMapping.objects.create(name="CRM", kind="hosts", columns={"firma": "name"})

    call_command("import_hosts", str(path), "--mapping", "CRM", "--apply")

    assert HostCompany.objects.get().name == "Hotel Sol"
    with pytest.raises(CommandError, match="No saved mapping 'Osiris'"):
        call_command("import_hosts", str(path), "--mapping", "Osiris")
