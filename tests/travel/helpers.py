"""Recorded answers of the open-data service, in the shapes reference.md describes."""

import json
from pathlib import Path
from typing import Any

from wegwijzer.travel.models import Colour, Country


def advice(iso3: str, summary: str, changed: str = "01-10-2026", slug: str = "") -> dict[str, Any]:
    day, month, year = changed.split("-")
    return {
        "id": f"advice-{iso3}",
        "type": "traveladvice",
        "title": f"Reisadvies {iso3}",
        "isocode": iso3,
        "introduction": summary,
        "content": [{"category": "Veiligheid", "contentblocks": []}],
        "files": [],
        "modificationdate": f"Laatst gewijzigd op: {changed} | Nog steeds geldig op: 29-11-2026",
        "lastmodified": f"{year}-{month}-{day}T10:00:00Z",
        "canonical": f"https://www.nederlandwereldwijd.nl/reisadvies/{slug or iso3.lower()}",
    }


SPAIN = advice("ESP", "<p>Het reisadvies voor Spanje is geel: let op.</p>", slug="spanje")
SOUTH_AFRICA_ORANGE = advice(
    "ZAF",
    "<p>Het reisadvies voor Zuid-Afrika is oranje: alleen noodzakelijke reizen. "
    "Voor de townships geldt rood.</p>",
    changed="24-11-2026",
)
SOUTH_AFRICA_YELLOW = advice("ZAF", "<p>Het reisadvies voor Zuid-Afrika is geel.</p>")
SOUTH_AFRICA_RED = advice("ZAF", "<p>Het reisadvies voor Zuid-Afrika is rood.</p>", "28-11-2026")


def country_list(*iso3: str) -> dict[str, Any]:
    return {"documents": [{"locationkey": code.lower(), "isocode": code} for code in iso3]}


def record(folder: Path, *documents: dict[str, Any], listed: tuple[str, ...] = ()) -> Path:
    """A folder of recorded answers: the country list and the advice in one list file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "countries.json").write_text(json.dumps(country_list(*listed)))
    (folder / "traveladvice.json").write_text(json.dumps({"results": list(documents)}))
    return folder


def make_country(code: str, colour: Colour | None, worst: Colour | None = None) -> Country:
    return Country.objects.create(
        code=code, official_colour=colour, worst_colour=worst or colour, emergency_number="112"
    )
