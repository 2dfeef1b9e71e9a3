"""Eight people at once on a file SQLite database, reading pages and adding students.

Run by test_parallel_sqlite.py in a process of its own, on a copy of the test database,
so the database settings are a real installation's (settings.py with DATABASE_URL):

    python -m tests.core.parallel_load DATABASE_FILE SECONDS

Prints one line of JSON: the requests made, the errors met, the students posted and the
students found in the database afterwards.
"""

import json
import os
import sys
import threading
import time
import traceback

PEOPLE = 8


def main(database: str, seconds: float) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.settings")
    import django

    django.setup()
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    # As the suite's conftest: no collectstatic manifest, and a cheap password hasher.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        print(json.dumps(run(seconds)))


def run(seconds: float) -> dict[str, object]:
    from django.db import connections

    from tests.factories import ProgrammeFactory, StudentFactory, UserFactory
    from wegwijzer.accounts.models import Role
    from wegwijzer.students.models import Student

    coordinator = UserFactory.create(role=Role.COORDINATOR)
    programme = ProgrammeFactory.create()
    known = StudentFactory.create()
    tally: dict[str, list[object]] = {"requests": [], "errors": [], "posted": []}
    deadline = time.monotonic() + seconds

    def person(number: int) -> None:
        try:
            walk(number, coordinator, programme, known, deadline, tally)
        except Exception:  # an error escaping the walk is an error too
            tally["errors"].append(traceback.format_exc())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(number,)) for number in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = Student.objects.filter(student_number__startswith="P").count()
    return {
        "requests": len(tally["requests"]),
        "errors": tally["errors"][:5],
        "posted": len(tally["posted"]),
        "created": created,
    }


def walk(number, coordinator, programme, known, deadline, tally) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(coordinator)
    pages = [
        reverse("home"),
        reverse("students:list"),
        reverse("students:detail", args=[known.public_id]),
    ]
    step = 0
    while time.monotonic() < deadline:
        step += 1
        if step % 4 == 0:
            student_number = f"P{number}-{step}"
            response = client.post(
                reverse("students:create"), new_student(programme, student_number)
            )
            if response.status_code == 302:
                tally["posted"].append(student_number)
        else:
            response = client.get(pages[step % 4 - 1])
        tally["requests"].append(response.status_code)
        if response.status_code not in (200, 302):
            tally["errors"].append(f"{response.request['PATH_INFO']}: {response.status_code}")


def new_student(programme, student_number: str) -> dict[str, str]:
    data = {
        "first_name": "Parallel",
        "last_name": "Tester",
        "student_number": student_number,
        "date_of_birth": "2008-03-14",
        "programme": str(programme.pk),
        "year": "2",
    }
    for prefix in ("guardians", "emergency_contacts"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
