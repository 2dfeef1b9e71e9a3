"""Reading pages take no write lock; a request that writes runs in one transaction.

On SQLite a transaction takes the database's one write lock when it begins. When every
request ran in a transaction (ATOMIC_REQUESTS), eight people reading pages queued for it
and some got "database is locked".
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import ProgrammeFactory, StudentFactory
from wegwijzer.core.middleware import WritingRequestsAtomicMiddleware
from wegwijzer.programmes.models import Programme

ROOT = Path(__file__).resolve().parent.parent.parent

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the write lock is SQLite's")


@sqlite_only
@pytest.mark.django_db(transaction=True)  # no transaction open: the copy below needs none
def test_eight_people_reading_and_writing_at_once_meet_no_error(tmp_path):
    database = tmp_path / "parallel.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)  # the migrated test database, as a file
    copy.close()

    finished = subprocess.run(  # noqa: S603 - our own script with fixed arguments
        [sys.executable, "-m", "tests.core.parallel_load", str(database), "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["requests"] > 8 and result["posted"] > 0
    assert result["created"] == result["posted"]  # every write landed


def writing_then_failing(request):
    ProgrammeFactory.create(name="Half done")
    raise RuntimeError("the view fails after its first write")


@pytest.mark.django_db
def test_a_post_that_fails_halfway_leaves_nothing_behind(rf: RequestFactory):
    middleware = WritingRequestsAtomicMiddleware(lambda request: HttpResponse())

    with pytest.raises(RuntimeError):
        middleware.process_view(rf.post("/"), writing_then_failing, (), {})

    assert not Programme.objects.filter(name="Half done").exists()


@pytest.mark.django_db(transaction=True)
def test_a_reading_page_runs_outside_a_transaction_and_a_writing_one_inside(client, coordinator):
    known = StudentFactory.create()
    client.force_login(coordinator)
    seen: list[tuple[str, bool]] = []

    def note(execute, sql, params, many, context):
        seen.append((sql, connection.in_atomic_block))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        client.get(reverse("students:detail", args=[known.public_id]))
        reading = list(seen)
        seen.clear()
        client.post(reverse("students:edit", args=[known.public_id]), {})

    assert any('FROM "students_student"' in sql for sql, _atomic in reading)
    assert not any(atomic for sql, atomic in reading if 'FROM "students_student"' in sql)
    assert seen and all(atomic for sql, atomic in seen if 'FROM "students_student"' in sql)
