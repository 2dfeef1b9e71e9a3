"""How long the cohort import takes for 10,000 students: reading the file, the dry run and
the apply, each timed, with rows per second. Printed, not asserted (the target: under 30 s
in all on the reference machine).

    .venv/bin/python benchmarks/imports.py [--rows 10000]

Without DATABASE_URL it runs on a new SQLite database in a temporary directory (migrated
first, not timed), so no real school's data is touched. The file is a semicolon CSV in
Windows-1252 as Eduarte exports it; every row is valid, with a mentor and a guardian.
The apply is timed twice: into an empty school, then again with the same file (which
must change nothing).
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import environment

HEADINGS = ["Studentnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum",
            "E-mailadres", "Mobiel", "Crebo", "Leerjaar", "Klas", "Mentor",
            "E-mail ouder/verzorger"]  # fmt: skip
PROGRAMMES = ["25181", "25655", "25591", "25532"]


def export(rows: int) -> bytes:
    lines = [";".join(HEADINGS)]
    born = datetime.date(2006, 1, 1)
    for number in range(rows):
        day = born + datetime.timedelta(days=number % 1500)
        lines.append(";".join([
            str(700000 + number), "Zoë", "van" if number % 3 else "", f"Jansen{number}",
            day.strftime("%d-%m-%Y"), f"student{number}@example.nl", f"06{number:08d}",
            PROGRAMMES[number % 4], str(1 + number % 3), f"KL{number % 40}", f"mentor{number % 20}",
            f"ouder{number}@example.nl",
        ]))  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    environment.apply()
    with tempfile.TemporaryDirectory() as directory:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory}/import-benchmark.sqlite3")
        measure(rows)


def measure(rows: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from wegwijzer.accounts.models import Role, User
    from wegwijzer.imports import services
    from wegwijzer.programmes.models import Programme

    call_command("migrate", verbosity=0)
    for code in PROGRAMMES:
        Programme.objects.get_or_create(
            qualification_code=code, defaults={"name": code, "level": 3}
        )
    for number in range(20):
        User.objects.get_or_create(
            username=f"mentor{number}", defaults={"role": Role.MENTOR, "email": f"m{number}@x.nl"}
        )
    content = export(rows)
    print(f"{rows:,} rows, {len(content) / 1e6:.1f} MB, database {os.environ['DATABASE_URL']}")
    for attempt in ("empty school", "same file again"):
        start, cpu = time.perf_counter(), time.process_time()
        run = services.start_import(
            by=None, kind="students", filename="eduarte.csv", content=content
        )
        read = time.perf_counter()
        plan = services.plan_of(run)
        planned = time.perf_counter()
        counts = services.apply_import(run, by=None, plan_digest=services.digest(plan))
        applied = time.perf_counter()
        total = applied - start
        print(
            f"{attempt}: read {read - start:5.1f} s, dry run {planned - read:5.1f} s, "
            f"apply {applied - planned:5.1f} s, total {total:5.1f} s "
            f"({rows / total:,.0f} rows/s; CPU {time.process_time() - cpu:.1f} s) {counts}"
        )


if __name__ == "__main__":
    main()
