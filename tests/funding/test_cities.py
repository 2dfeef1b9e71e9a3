"""The city search box's endpoint and the prefix search under it."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from wegwijzer.funding.distance import find_city, search_cities

pytestmark = pytest.mark.django_db

URL = reverse("funding:city-search")


def buttons(response) -> list[str]:
    return [suggestion["label"] for suggestion in response.context["suggestions"]]


def test_search_shows_valencia_in_spain_and_in_venezuela_with_the_country(english, coordinator):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "Valencia"})

    page = response.content.decode()
    for code, country in (("ES", "Spain"), ("VE", "Venezuela")):
        button = rf'data-city="Valencia" data-country="{code}" data-geoname-id="\d+">'
        assert re.search(f"{button}Valencia, {country}</button>", page)


def test_search_shows_at_most_ten_cities_biggest_first(english, coordinator):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "san"})

    shown = response.context["suggestions"]
    assert len(shown) == 10
    assert shown[0]["label"] == "Santiago, Chile"


def test_search_without_text_shows_nothing(english, coordinator):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "  "})

    assert response.context["suggestions"] == []
    assert "<button" not in response.content.decode()


def test_search_tells_namesakes_in_one_country_apart_by_size(english, coordinator):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "Salamanca"})

    spanish = [label for label in buttons(response) if "Spain" in label]
    assert len(spanish) == 2
    assert all("inhabitants)" in label for label in spanish)


def test_search_lists_only_cities_in_the_chosen_country(english, coordinator):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "Valencia", "country": "VE"})

    shown = response.context["suggestions"]
    assert shown and {suggestion["country"] for suggestion in shown} == {"VE"}
    assert 'data-country="ES"' not in response.content.decode()


def test_search_in_a_small_country_shows_its_cities_beyond_the_first_ten_overall(
    english, coordinator
):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "san", "country": "ES"})

    shown = response.context["suggestions"]
    assert len(shown) == 10
    assert {suggestion["country"] for suggestion in shown} == {"ES"}


@pytest.mark.parametrize("country", ["", "ZZ", "<script>"])
def test_search_without_a_known_country_lists_every_country(english, coordinator, country):
    english.force_login(coordinator)

    response = english.get(URL, {"q": "Valencia", "country": country})

    assert {"ES", "VE"} <= {s["country"] for s in response.context["suggestions"]}


def test_search_box_never_changes_the_country_select():
    script = (
        Path(__file__).parents[2] / "wegwijzer/mobilities/static/mobilities/city_search.js"
    ).read_text()

    assert "country.value =" not in script
    assert "country: country ? country.value" in script


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_search_is_refused_to_who_may_not_change_mobilities(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL, {"q": "Valencia"})

    assert response.status_code == 403
    assert b"data-city=" not in response.content


def test_search_ignores_case_and_accents():
    assert [str(city) for city in search_cities("MALAGA")] == [
        "Málaga, Spain",
        "Málaga, Colombia",
    ]
    assert str(search_cities("lodz")[0]) == "Łódź, Poland"


def test_search_finds_a_city_by_its_dutch_name_after_those_called_so():
    # "Den H": Den Helder is called so; The Hague is Den Haag in Dutch.
    assert [str(city) for city in search_cities("den h")] == [
        "Den Helder, The Netherlands",
        "The Hague, The Netherlands",
    ]
    assert [str(city) for city in search_cities("Keulen")] == ["Köln, Germany"]


def test_find_city_without_accents_when_no_city_is_spelled_so():
    assert str(find_city("Koln, DE")) == "Köln, Germany"
