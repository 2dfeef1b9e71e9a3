"""The destination city's search box on the mobility form: the cities that fit what is typed.

City names are no personal data, so the text goes in the URL (?q=), with the country
chosen on the form (?country=): only that country's cities are shown, or every country's
while none is chosen.
"""

from collections import Counter

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries

from wegwijzer import access
from wegwijzer.core.countries import country_name
from wegwijzer.core.http import AuthenticatedHttpRequest
from wegwijzer.funding.distance import City, search_cities

SUGGESTIONS = "mobilities/mobility_form.html#city-suggestions"


def city_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """At most ten cities, biggest first, each with its country to tell namesakes apart."""
    access.require(access.can_manage_school(request.user))
    # None chosen, or no country: every country's cities.
    country = countries.alpha2(request.GET.get("country", "").strip()[:3]) or ""
    cities = search_cities(request.GET.get("q", "")[:100], country=country)
    return render(request, SUGGESTIONS, {"suggestions": suggestions(cities)})


def suggestions(cities: list[City]) -> list[dict[str, str]]:
    """What each button shows and fills in; namesakes in one country also show their size."""
    namesakes = Counter((city.name, city.country_code) for city in cities)
    found = []
    for city in cities:
        label = f"{city.name}, {country_name(city.country_code)}"
        if namesakes[city.name, city.country_code] > 1:
            population = number_format(city.population, force_grouping=True)
            label += " " + _("(%(population)s inhabitants)") % {"population": population}
        found.append(
            {
                "label": label,
                "city": city.name,
                "country": city.country_code,
                "geoname_id": str(city.geoname_id),
            }
        )
    return found
