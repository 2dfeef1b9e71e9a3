"""Serve a generated database for the benchmarks, as a school would: gunicorn, DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_100k \\
        .venv/bin/python benchmarks/serve.py [--port 8001] [--workers 2] [--threads 4]

Uses the benchmark's environment (benchmarks/environment.py: the keys the generator wrote
with, plain http, no second factor for the demo logins), collects the static files once and
runs gunicorn in the foreground; Ctrl+C stops it. Without DATABASE_URL it serves the SQLite
database in var/.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import environment

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args()
    environment.apply()
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, check=True
    )
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    os.chdir(ROOT)
    os.execv(  # noqa: S606 - replaces this process with the server
        gunicorn,
        [
            gunicorn,
            "wegwijzer.wsgi",
            f"--bind=127.0.0.1:{options.port}",
            f"--workers={options.workers}",
            f"--threads={options.threads}",
            "--timeout=300",
            "--access-logfile=-" if os.environ.get("ACCESS_LOG") else "--error-logfile=-",
        ],
    )


if __name__ == "__main__":
    main()
