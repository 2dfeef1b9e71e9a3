"""How long a manage.py command takes to start: `check` (which imports every URL module,
and so every view) and `help` (which loads the apps only). The median of five runs each.

    .venv/bin/python benchmarks/startup.py

Python's bytecode cache counts for much: without it (PYTHONDONTWRITEBYTECODE set, or a
read-only installation) every run compiles each module again. The script says which of the
two it measured; a real installation has the cache.
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
COMMANDS = [["check"], ["help"]]


def seconds(arguments: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run; on a busy machine the CPU
    time is the steadier figure."""
    environment = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    cpu_before = cpu_of_children()
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, cpu_of_children() - cpu_before


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    cache = "off" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"bytecode cache {cache}, median of {RUNS} runs")
    for arguments in COMMANDS:
        seconds(arguments)  # the first run may write the bytecode cache
        runs = [seconds(arguments) for _run in range(RUNS)]
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        name = "manage.py " + " ".join(arguments)
        print(f"{name:<20} {wall:5.2f} s (CPU {cpu:5.2f} s)")


if __name__ == "__main__":
    main()
