"""Time the pages of issue 16's table against the login form, on a running server.

    .venv/bin/python benchmarks/serve.py                      # in one terminal
    .venv/bin/python benchmarks/pages.py [--base-url http://127.0.0.1:8001] [--repeat 7]
        [--page "who-is-where" ...]

Logs in as the demo's coordinator (and as the student, for the student's home), finds one
host company, grant agreement and stay on the lists, asks each page `--repeat` times after
one warm-up request, and prints a Markdown table: the median time, that time as a multiple
of the login form's (the cheapest page of the same server, always measured), the time to
the first byte (what the user waits for before an export starts) and the size of the
response. A page that answers 404 prints as not found; any other error with its status.
`--page` measures only the pages whose name holds one of the words given.
"""

import argparse
import datetime
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import Response, Visitor

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass
class Page:
    name: str
    path: str  # empty: not found on the lists
    as_student: bool = False


@dataclass
class Timing:
    page: Page
    status: int
    total_ms: float
    first_byte_ms: float
    size: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8001")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--page", action="append", default=[], help="only pages whose name holds this (repeatable)"
    )
    options = parser.parse_args()

    coordinator = Visitor(options.base_url)
    coordinator.must_log_in("coordinator")
    student = Visitor(options.base_url)
    student.must_log_in("student")
    anonymous = Visitor(options.base_url)

    timings = []
    chosen = [
        page
        for n, page in enumerate(pages(coordinator))
        if n == 0 or not options.page or any(part in page.name for part in options.page)
    ]
    for page in chosen:
        visitor = student if page.as_student else coordinator
        if page.name == "login form":
            visitor = anonymous
        timings.append(measure(visitor, page, options.repeat))
        print(f"  {page.name}: {timings[-1].total_ms:.0f} ms", file=sys.stderr)
    print(table(timings))


def pages(coordinator: Visitor) -> list[Page]:
    """The table's pages; the ones of one object are found on the lists."""
    day = datetime.date.today().isoformat()
    # Who-is-where counts per country; the names are on one country's page.
    country = first(r"country=([A-Z]{2})\b", coordinator.get(f"/whereabouts/?day={day}").text)
    one_country = f"/whereabouts/?day={day}&country={country}" if country else ""
    mobility = first(r"/mobilities/(" + UUID + r")/", first_page(one_country, coordinator))
    agreements = re.findall(
        r"/funding/agreements/(" + UUID + r")/totals/", first_page("/funding/", coordinator)
    )
    # The third newest call: its stays have all taken place, so its totals are the fullest.
    agreement = agreements[min(2, len(agreements) - 1)] if agreements else ""
    host = first(r"/hosts/(" + UUID + r")/", first_page("/hosts/", coordinator))
    return [
        Page("login form", "/accounts/login/"),
        Page("coordinator's home", "/"),
        Page("who-is-where, one day", f"/whereabouts/?day={day}"),
        Page("who-is-where, one country", one_country),
        Page("who-is-where CSV", f"/whereabouts/export.csv?day={day}"),
        Page("who-is-where XLSX", f"/whereabouts/export.xlsx?day={day}"),
        Page("Erasmus+ overview", "/funding/"),
        Page("one grant agreement's totals", on(agreement, "/funding/agreements/{}/totals/")),
        Page("payments", "/funding/payments/"),
        Page("incidents", "/incidents/"),
        Page("students list", "/students/"),
        Page("host companies list", "/hosts/"),
        Page("one host company", on(host, "/hosts/{}/")),
        Page("one mobility", on(mobility, "/mobilities/{}/")),
        Page("one stay's contact log", on(mobility, "/contacts/{}/")),
        Page("ambassador pool", "/ambassadors/"),
        Page("student's home", "/", as_student=True),
        Page("travel advice list", "/travel/"),
    ]


def first_page(path: str, visitor: Visitor) -> str:
    return visitor.get(path).text if path else ""


def first(pattern: str, html: str) -> str:
    found = re.search(pattern, html)
    return found.group(1) if found else ""


def on(public_id: str, path: str) -> str:
    return path.format(public_id) if public_id else ""


def measure(visitor: Visitor, page: Page, repeat: int) -> Timing:
    if not page.path:
        return Timing(page, 404, 0, 0, 0)
    visitor.get(page.path)  # warm-up: caches, connections, the city index
    answers: list[Response] = [visitor.get(page.path) for _n in range(repeat)]
    median: Callable[[list[float]], float] = statistics.median
    return Timing(
        page,
        answers[-1].status,
        median([answer.total for answer in answers]) * 1000,
        median([answer.first_byte for answer in answers]) * 1000,
        len(answers[-1].body),
    )


def table(timings: list[Timing]) -> str:
    floor = timings[0].total_ms or 1
    lines = [
        "| page | ms | × login form | first byte ms | size |",  # noqa: RUF001
        "|---|---:|---:|---:|---:|",
    ]
    for timing in timings:
        if timing.status != 200:
            shown = "not found" if timing.status == 404 else f"HTTP {timing.status}"
            lines.append(f"| {timing.page.name} | {shown} | | | |")
            continue
        lines.append(
            f"| {timing.page.name} | {timing.total_ms:.0f} | ×{timing.total_ms / floor:.1f} "  # noqa: RUF001
            f"| {timing.first_byte_ms:.0f} | {size(timing.size)} |"
        )
    return "\n".join(lines)


def size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{count / 1000:.0f} kB"


if __name__ == "__main__":
    main()
