"""City look-up and great-circle distances, checked against published great-circle values."""

import pytest
from django.core.exceptions import ValidationError

from wegwijzer.funding.distance import distance_km, find_city, whole_km

pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.mark.parametrize(
    ("origin", "destination", "expected_km"),
    [
        ("Utrecht, NL", "Valencia, ES", 1466),  # reference.md: Utrecht-Valencia about 1,466 km
        ("London, GB", "Paris, FR", 344),
        ("Amsterdam, NL", "Berlin, DE", 577),
    ],
)
def test_distance_known_city_pairs_within_one_percent(origin, destination, expected_km):
    km = distance_km(find_city(origin), find_city(destination))

    assert km == pytest.approx(expected_km, rel=0.01)


def test_distance_is_the_same_both_ways_and_rounds_to_whole_km():
    utrecht, valencia = find_city("Utrecht, NL"), find_city("Valencia, Spain")

    assert distance_km(utrecht, valencia) == pytest.approx(distance_km(valencia, utrecht))
    assert whole_km(distance_km(utrecht, utrecht)) == 0


@pytest.mark.parametrize("text", ["Valencia, ES", "Valencia, Spain", "valencia, esp"])
def test_find_city_by_name_and_country_code_or_name(text):
    city = find_city(text)

    assert str(city) == "Valencia, Spain"
    assert city.country_code == "ES"


def test_find_city_tells_valencia_in_venezuela_apart():
    assert str(find_city("Valencia, VE")) == "Valencia, Venezuela"


def test_find_city_without_a_country_names_every_candidate():
    with pytest.raises(ValidationError) as error:
        find_city("Valencia")

    message = error.value.messages[0]
    assert "could be several cities" in message
    assert "Valencia, Spain" in message
    assert "Valencia, Venezuela" in message


def test_find_city_knows_the_dutch_name_of_a_city():
    assert str(find_city("Den Haag, NL")) == "The Hague, The Netherlands"


def test_find_city_rejects_an_unknown_city():
    with pytest.raises(ValidationError, match="No city called “Nergenshuizen, NL” is known"):
        find_city("Nergenshuizen, NL")


def test_find_city_rejects_an_unknown_country():
    with pytest.raises(ValidationError, match="No country called “Atlantis” is known"):
        find_city("Valencia, Atlantis")
