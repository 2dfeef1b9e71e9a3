"""N coordinators at once for D seconds, reading pages and now and then ticking off a
checklist item or switching their language (both write), against a running server.

    .venv/bin/python benchmarks/serve.py                     # in one terminal
    .venv/bin/python benchmarks/load.py [--users 8] [--seconds 60] [--base-url URL]

Each user is a thread that logs in (again, until it succeeds) with a session of its own
(standard library only). Serve with threads (benchmarks/serve.py does: 2 workers of 4
threads), so that requests really run at the same time. Prints the
requests per second, the answers by status and the median and 95th-percentile time. An
error is a 5xx answer (e.g. SQLite's "database is locked") or a failed connection; the
target is none.
"""

import argparse
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import Visitor, forms_on, logged_in, token_in

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
READ_PAGES = [
    "/", "/whereabouts/", "/students/", "/hosts/", "/incidents/", "/funding/payments/",
    "/travel/", "/ambassadors/",
]  # fmt: skip
WRITE_SHARE = 0.1


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[str] = Counter()
        self.times: list[float] = []

    def add(self, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.times.append(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    options = parser.parse_args()

    first = Visitor(options.base_url)
    first.must_log_in("coordinator")
    # Who-is-where counts per country; its countries' pages name the stays abroad today.
    countries = sorted(set(re.findall(r"country=([A-Z]{2})\b", first.get("/whereabouts/").text)))
    stays = sorted(
        {
            stay
            for country in countries
            for stay in re.findall(
                r"/mobilities/(" + UUID + r")/", first.get(f"/whereabouts/?country={country}").text
            )
        }
    )
    if not stays:
        raise SystemExit("Nobody is abroad today: is the database generated?")
    tally = Tally()
    until = time.monotonic() + options.seconds
    users = [
        threading.Thread(target=user, args=(options.base_url, stays, until, tally, seed))
        for seed in range(options.users)
    ]
    started = time.monotonic()
    for thread in users:
        thread.start()
    for thread in users:
        thread.join()
    print(report(tally, time.monotonic() - started, options.users))


def user(base_url: str, stays: list[str], until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - which page to ask for next
    visitor = Visitor(base_url)
    while time.monotonic() < until:
        answer = visitor.log_in("coordinator")
        tally.add(f"{answer.status} (log in)", answer.total)
        if logged_in(answer):
            break
    while time.monotonic() < until:
        try:
            if rng.random() < WRITE_SHARE:
                write(visitor, rng.choice(stays), rng, tally)
            else:
                path = rng.choice([*READ_PAGES, f"/mobilities/{rng.choice(stays)}/"])
                answer = visitor.get(path)
                tally.add(str(answer.status), answer.total)
        except OSError as error:
            tally.add(f"failed ({type(error).__name__})", 0)


def write(visitor: Visitor, stay: str, rng: random.Random, tally: Tally) -> None:
    """Tick off an open item of the stay, or, when it has none left, switch the language."""
    page = visitor.get(f"/mobilities/{stay}/")
    tally.add(str(page.status), page.total)
    ticks = [form for form in forms_on(page.text) if "/done/" in form[0]]
    if ticks:
        action, fields = rng.choice(ticks)
        answer = visitor.post(action.split("#")[0], fields, referer=f"/mobilities/{stay}/")
    else:
        fields = {"csrfmiddlewaretoken": token_in(page.text), "language": rng.choice(("nl", "en"))}
        answer = visitor.post("/i18n/setlang/", fields, referer=f"/mobilities/{stay}/")
    tally.add(f"{answer.status} (write)", answer.total)


def report(tally: Tally, seconds: float, users: int) -> str:
    count = sum(tally.statuses.values())
    times = sorted(tally.times) or [0.0]
    errors = sum(n for status, n in tally.statuses.items() if status[0] not in "23")
    lines = [
        f"{users} users, {seconds:.0f} s: {count} requests, {count / seconds:.1f} requests/s, "
        f"{errors} errors",
        f"median {statistics.median(times) * 1000:.0f} ms, "
        f"95th percentile {times[int(len(times) * 0.95)] * 1000:.0f} ms",
    ]
    lines += [f"  {status}: {n}" for status, n in sorted(tally.statuses.items())]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
