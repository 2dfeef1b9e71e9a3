"""Fill a database with N realistic stays, for the page and load benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k \\
        .venv/bin/python benchmarks/generate.py --stays 100000 [--seed 2026]

Without DATABASE_URL it fills the SQLite database in var/. It migrates the database, loads
the demo school (the logins coordinator, supervisor, mentor and student, password
wegwijzer-demo, without a second factor), adds the stays (benchmarks/data.py) and runs the
refresh steps (data.REFRESH: statistics, and what other parts precompute). It runs with
DEBUG on (the demo school refuses to load otherwise) but with the benchmark's keys
(benchmarks/environment.py): serve the database with them (benchmarks/serve.py). Meant
for an empty database: it refuses one that holds more than the demo's stays.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import environment

DEMO_SEED = 2026
DEMO_STAYS = 100  # the demo school has some 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stays", type=int, required=True, help="how many stays to add")
    parser.add_argument("--seed", type=int, default=DEMO_SEED, help="the random generator's seed")
    options = parser.parse_args()
    # The demo school refuses to load with DEBUG off (its calendar tokens are public); the
    # keys are the benchmark's all the same, so the server reads what is written here.
    os.environ["DEBUG"] = "1"
    environment.apply()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from benchmarks import data
    from wegwijzer.mobilities.models import Mobility

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if Mobility.objects.count() > DEMO_STAYS:
        sys.exit("This database holds stays already: generate into an empty one.")
    call_command("load_demo", quiet_logins=True, verbosity=0)
    # DEBUG on would keep every query of the bulk inserts in memory.
    settings.DEBUG = False
    print(f"migrated, demo school loaded: {time.monotonic() - started:.1f} s")
    data.fill(stays=options.stays, seed=options.seed)
    data.refresh()
    print(f"{options.stays:,} stays in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
