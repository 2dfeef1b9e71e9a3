"""Where travel advice comes from: the ministry's open-data service or recorded responses.

Both give the same thing: a list of advice documents as the service answers them. The
network is reached in `fetch_json` only, so tests replace that one function.
"""

import json
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

BASE_URL = "https://opendata.nederlandwereldwijd.nl/v2/sources/nederlandwereldwijd"
# The gateway refuses some default user agents (HTTP 403): say who is asking.
USER_AGENT = "Wegwijzer/1.0 (MBO study-abroad guidance; travel advice import)"
TIMEOUT_SECONDS = 20
PAGE_SIZE = 200


class SourceError(Exception):
    """The service could not be reached or answered something unreadable."""


def fetch_json(path: str, **params: str | int) -> Any:
    """One request to the open-data service, answered as JSON."""
    query = urllib.parse.urlencode({"output": "json", **params})
    request = urllib.request.Request(  # noqa: S310 - a fixed https base URL
        f"{BASE_URL}/{path}?{query}", headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.load(response)
    except (OSError, ValueError) as error:
        raise SourceError(f"{path}: {error}") from error


def documents(answer: Any) -> list[dict[str, Any]]:
    """The documents of any answer shape: a list, a wrapping object or one document."""
    if isinstance(answer, dict):
        for key in ("documents", "document", "results"):
            if key in answer:
                return documents(answer[key])
        return [answer]
    if isinstance(answer, list):
        return [item for item in answer if isinstance(item, dict)]
    raise SourceError("the answer is neither a document nor a list of them")


def fetch_countries() -> list[dict[str, Any]]:
    """Every country the service knows, page by page."""
    countries: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = documents(fetch_json("infotypes/countries", rows=PAGE_SIZE, offset=offset))
        countries += page
        if len(page) < PAGE_SIZE:
            return countries
        offset += PAGE_SIZE


def fetch_advice(iso3: str) -> dict[str, Any]:
    """One country's full advice."""
    found = documents(fetch_json(f"infotypes/countries/{iso3}/traveladvice"))
    if not found:
        raise SourceError(f"{iso3}: no travel advice in the answer")
    return found[0]


def read_json(file: Path) -> Any:
    """One recorded answer."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SourceError(f"{file.name}: {error}") from error
