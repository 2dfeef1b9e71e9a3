"""The destination city on the mobility form: a known city for Erasmus+, free text otherwise."""

import pytest
from django.urls import reverse

from tests.factories import StudentFactory
from tests.mobilities.test_create import form_data
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db


def create(client, coordinator, **overrides):
    client.force_login(coordinator)
    return client.post(
        reverse("mobilities:create"), form_data(StudentFactory.create(), **overrides)
    )


def city_errors(response) -> list[str]:
    return response.context["form"].errors["destination_city"]


def test_erasmus_city_is_saved_as_geonames_spells_it(english, coordinator):
    create(english, coordinator, destination_country="DE", destination_city="koln")

    assert Mobility.objects.get().destination_city == "Köln"


def test_choice_from_the_search_box_without_javascript_is_the_city_in_that_country(
    english, coordinator
):
    create(english, coordinator, destination_country="ES", destination_city="Valencia, ES")

    mobility = Mobility.objects.get()
    assert (mobility.destination_city, mobility.destination_country) == ("Valencia", "ES")


def test_erasmus_unknown_city_is_refused_with_a_message_and_nothing_saved(english, coordinator):
    response = create(english, coordinator, destination_city="Nergenshuizen")

    assert city_errors(response) == [
        "For Erasmus+ the travel distance is measured to a known city: "
        "No city called “Nergenshuizen, ES” is known."
    ]
    assert "Nothing was saved yet" in response.content.decode()
    assert not Mobility.objects.exists()


def test_erasmus_ambiguous_city_names_the_candidates_and_nothing_is_saved(english, coordinator):
    # Two places called Salamanca in Spain: the city, and a district of Madrid.
    response = create(english, coordinator, destination_city="Salamanca")

    [message] = city_errors(response)
    assert "could be several cities" in message
    assert message.count("Salamanca, Spain") == 2
    assert not Mobility.objects.exists()


def test_chosen_city_in_another_country_than_the_form_says_is_refused(english, coordinator):
    response = create(
        english, coordinator, destination_country="VE", destination_city="Valencia, ES"
    )

    assert city_errors(response) == [
        "You chose Valencia in Spain, but the destination country is Venezuela. Choose the "
        "city again, or change the country."
    ]
    assert not Mobility.objects.exists()


def test_other_funding_takes_any_place_as_typed(english, coordinator):
    create(
        english,
        coordinator,
        funding="other",
        destination_country="NL",
        destination_city="  Nergenshuizen ",
    )

    assert Mobility.objects.get().destination_city == "Nergenshuizen"


def test_other_funding_still_writes_a_known_city_as_geonames_spells_it(english, coordinator):
    create(english, coordinator, funding="none", destination_city="malaga")

    assert Mobility.objects.get().destination_city == "Málaga"


def test_changing_an_erasmus_mobility_to_an_unknown_city_changes_nothing(english, coordinator):
    create(english, coordinator)
    mobility = Mobility.objects.get()

    response = english.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        form_data(mobility.student, destination_city="Atlantis")
        | {"extended": "", "version": mobility.version},
    )

    assert "No city called “Atlantis, ES” is known." in city_errors(response)[0]
    mobility.refresh_from_db()
    assert mobility.destination_city == "Valencia"


def test_form_has_the_search_box_for_the_city(english, coordinator):
    english.force_login(coordinator)

    page = english.get(reverse("mobilities:create")).content.decode()

    assert f'data-hx-get="{reverse("funding:city-search")}"' in page
    assert 'id="city-suggestions"' in page
    assert "mobilities/city_search.js" in page


SALAMANCA_THE_CITY = 3111108  # GeoNames; 6544491 is the district of Madrid


def test_namesake_chosen_in_the_search_box_is_saved_with_its_geonames_id(english, coordinator):
    create(
        english,
        coordinator,
        destination_city="Salamanca",
        destination_city_geoname_id=SALAMANCA_THE_CITY,
    )

    mobility = Mobility.objects.get()
    assert mobility.destination_city == "Salamanca"
    assert mobility.destination_city_geoname_id == SALAMANCA_THE_CITY


def test_ambiguous_city_asks_to_choose_from_the_search_box(english, coordinator):
    response = create(english, coordinator, destination_city="Salamanca")

    [message] = city_errors(response)
    assert "could be several cities in Spain" in message
    assert "Choose the one you mean from the cities the search box shows." in message


def test_typed_city_forgets_an_id_that_is_not_its_own(english, coordinator):
    # The id of Salamanca with the city typed as Madrid: the text wins, and its own id.
    create(
        english,
        coordinator,
        destination_city="Madrid",
        destination_city_geoname_id=SALAMANCA_THE_CITY,
    )

    mobility = Mobility.objects.get()
    assert mobility.destination_city == "Madrid"
    assert mobility.destination_city_geoname_id == 3117735


def test_search_box_suggestions_carry_the_geonames_id(english, coordinator):
    english.force_login(coordinator)

    response = english.get(reverse("funding:city-search"), {"q": "Salamanca"})

    assert f'data-geoname-id="{SALAMANCA_THE_CITY}"' in response.content.decode()
