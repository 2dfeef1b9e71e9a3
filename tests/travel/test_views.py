import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import MobilityFactory
from tests.travel.helpers import SPAIN, make_country, record
from wegwijzer.audit.models import AuditEntry
from wegwijzer.travel import services
from wegwijzer.travel.models import Colour, Country, Source

pytestmark = pytest.mark.django_db

COUNTRIES = ["ES", "DE", "FR", "IT", "PT", "ZA", "IE", "SE", "FI", "MT", "CZ", "AT", "BE"]


def test_coordinator_lists_countries_with_their_colour(english, coordinator):
    make_country("ZA", Colour.ORANGE, Colour.RED)
    make_country("ES", Colour.YELLOW)
    english.force_login(coordinator)

    page = english.get(reverse("travel:list")).content.decode()

    assert "South Africa" in page and "Spain" in page
    assert "advice--orange" in page and ">orange<" in page and ">red<" in page


def test_list_filters_by_colour_and_by_mobilities_in_progress(english, coordinator):
    make_country("ZA", Colour.ORANGE)
    make_country("ES", Colour.YELLOW)
    make_country("IT", Colour.YELLOW)
    MobilityFactory.create(by=coordinator, destination_country="IT")
    english.force_login(coordinator)

    by_colour = english.get(reverse("travel:list"), {"colour": Colour.YELLOW}).content.decode()
    with_mobilities = english.get(
        reverse("travel:list"), {"colour": Colour.YELLOW, "with_mobilities": "on"}
    ).content.decode()

    assert "Spain" in by_colour and "Italy" in by_colour and "South Africa" not in by_colour
    assert "Italy" in with_mobilities and "Spain" not in with_mobilities


@pytest.mark.parametrize("role", ["mentor", "supervisor"])
def test_list_counts_only_the_stays_the_viewer_may_see(request, english, coordinator, role):
    viewer = request.getfixturevalue(role)
    make_country("IT", Colour.YELLOW)
    make_country("PT", Colour.YELLOW)
    MobilityFactory.create(by=coordinator, destination_country="IT")  # someone else's stay
    mine = MobilityFactory.create(by=coordinator, destination_country="PT")
    mine.supervisor = viewer if role == "supervisor" else None
    mine.save(update_fields=["supervisor"])
    mine.student.mentor = viewer if role == "mentor" else None
    mine.student.save(update_fields=["mentor"])
    english.force_login(viewer)

    page = english.get(reverse("travel:list"), {"with_mobilities": "on"}).content.decode()

    assert "Portugal" in page
    assert "Italy" not in page


@pytest.mark.parametrize("count", [2, len(COUNTRIES)])
def test_list_queries_do_not_grow_with_the_countries(
    client, coordinator, django_assert_max_num_queries, count
):
    for code in COUNTRIES[:count]:
        make_country(code, Colour.YELLOW)
        MobilityFactory.create(by=coordinator, destination_country=code)
    client.force_login(coordinator)

    # 10 with the header's unread count.
    with django_assert_max_num_queries(10):
        client.get(reverse("travel:list"))


def test_a_student_may_not_see_the_country_list(client, student):
    client.force_login(student)

    assert client.get(reverse("travel:list")).status_code == 403


def test_country_page_shows_advice_history_and_mobilities(english, coordinator):
    country = make_country("ZA", Colour.ORANGE, Colour.RED)
    country.changes.create(source=Source.OFFICIAL, new_colour=Colour.ORANGE)
    mobility = MobilityFactory.create(by=coordinator, destination_country="ZA")
    english.force_login(coordinator)

    page = english.get(reverse("travel:country", args=["za"])).content.decode()

    assert "Travel advice for South Africa" in page
    assert "departures need an override" in page
    assert escape(mobility.student.full_name) in page
    assert "official travel advice" in page  # the history row
    assert "Set the colour by hand" in page


def test_coordinator_sets_a_colour_by_hand_with_a_reason(english, coordinator):
    make_country("ES", Colour.YELLOW)
    english.force_login(coordinator)

    response = english.post(
        reverse("travel:set-colour", args=["ES"]),
        {"colour": Colour.ORANGE, "reason": "Floods around Valencia"},
        follow=True,
    )

    country = Country.objects.get(code="ES")
    assert (country.colour, country.manual_reason) == (Colour.ORANGE, "Floods around Valencia")
    assert "set by hand" in response.content.decode().lower()
    assert AuditEntry.objects.filter(object_type="travel.country", actor=coordinator).exists()


def test_a_colour_without_reason_changes_nothing(english, coordinator):
    make_country("ES", Colour.YELLOW)
    english.force_login(coordinator)

    response = english.post(reverse("travel:set-colour", args=["ES"]), {"colour": Colour.RED})

    assert "Give the reason for setting the colour by hand." in response.content.decode()
    assert Country.objects.get(code="ES").colour == Colour.YELLOW


def test_a_supervisor_sees_the_country_but_may_not_set_its_colour(client, supervisor):
    make_country("ES", Colour.YELLOW)
    client.force_login(supervisor)

    page = client.get(reverse("travel:country", args=["ES"])).content.decode()
    response = client.post(
        reverse("travel:set-colour", args=["ES"]), {"colour": Colour.RED, "reason": "x"}
    )

    assert "Kleur instellen" not in page
    assert response.status_code == 403
    assert Country.objects.get(code="ES").colour == Colour.YELLOW


def test_pages_are_dutch_by_default(client, coordinator):
    make_country("ZA", Colour.ORANGE)
    client.force_login(coordinator)

    page = client.get(reverse("travel:list")).content.decode()

    assert "Reisadvies" in page and "Zuid-Afrika" in page and ">oranje<" in page


def test_list_says_when_advice_was_last_imported(english, coordinator, tmp_path):
    english.force_login(coordinator)
    before = english.get(reverse("travel:list")).content.decode()
    services.import_from_path(record(tmp_path, SPAIN))

    after = english.get(reverse("travel:list")).content.decode()

    assert "No travel advice has been imported yet." in before
    assert "Last imported:" in after and "Spain" in after
