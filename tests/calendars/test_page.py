"""The calendar page: make, renew and stop a feed; its address shown once."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.calendars.models import CalendarFeed
from wegwijzer.links.models import hash_token

pytestmark = pytest.mark.django_db

PAGE = reverse("calendars:page")
FEED_ADDRESS = re.compile(r'value="(http://testserver/calendar/([\w-]+)\.ics(?:\?scope=all)?)"')


def shown_addresses(html: str) -> list[tuple[str, str]]:
    return FEED_ADDRESS.findall(html)


def make(client) -> str:
    """Make the feed through the page; the token the page shows."""
    response = client.post(reverse("calendars:make"), follow=True)
    addresses = shown_addresses(response.content.decode())
    assert addresses, "the page showed no address after making the link"
    return addresses[0][1]


def audit_actions(user: User) -> list[str]:
    entries = AuditEntry.objects.filter(object_type="calendars.calendarfeed", actor=user)
    return list(entries.order_by("pk").values_list("action", flat=True))


def test_the_page_explains_the_feed_in_dutch(client, student):
    client.force_login(student)

    html = client.get(PAGE).content.decode()

    assert "Je agendalink" in html
    assert "Je hebt geen agendalink." in html
    assert "Mijn agendalink maken" in html
    assert "Google Agenda" in html and "Abonneren vanaf internet" in html
    assert "je vertrek- en terugkomstdag" in html


def test_the_page_speaks_english_when_chosen(english, student):
    english.force_login(student)

    html = english.get(PAGE).content.decode()

    assert "Make my calendar link" in html
    assert "Subscribe from web" in html


def test_making_the_link_shows_its_address_once_and_keeps_only_the_hash(client, student):
    client.force_login(student)

    response = client.post(reverse("calendars:make"), follow=True)

    html = response.content.decode()
    [(address, token)] = shown_addresses(html)
    assert "Dit is de enige keer dat de link te zien is" in html
    assert CalendarFeed.objects.get(user=student).token_hash == hash_token(token)
    assert Calendar.from_ical(client.get(address).content)
    again = client.get(PAGE).content.decode()
    assert shown_addresses(again) == []
    assert "Je hebt een agendalink, gemaakt op" in again
    assert audit_actions(student) == [Action.CREATE]


def test_a_coordinator_also_gets_the_address_of_all_stays(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("calendars:make"), follow=True)

    addresses = [address for address, _token in shown_addresses(response.content.decode())]
    assert len(addresses) == 2
    assert addresses[1] == f"{addresses[0]}?scope=all"
    assert client.get(addresses[1]).status_code == 200


def test_making_a_second_link_changes_nothing(client, student):
    client.force_login(student)
    make(client)
    stored = CalendarFeed.objects.get(user=student).token_hash

    response = client.post(reverse("calendars:make"), follow=True)

    assert shown_addresses(response.content.decode()) == []
    assert "Je hebt al een agendalink" in response.content.decode()
    assert CalendarFeed.objects.get(user=student).token_hash == stored
    assert audit_actions(student) == [Action.CREATE]


def test_renewing_asks_first_then_the_old_link_stops_and_the_new_one_works(client, supervisor):
    client.force_login(supervisor)
    old = make(client)

    question = client.get(reverse("calendars:renew")).content.decode()
    assert "de oude werkt meteen niet meer" in question
    assert CalendarFeed.objects.get(user=supervisor).token_hash == hash_token(old)
    response = client.post(reverse("calendars:renew"), follow=True)

    [(address, new)] = shown_addresses(response.content.decode())
    assert new != old
    assert client.get(reverse("calendars:feed", kwargs={"token": old})).status_code == 404
    assert client.get(address).status_code == 200
    assert audit_actions(supervisor) == [Action.CREATE, Action.CHANGE]


def test_stopping_the_link_makes_it_stop_working(client, mentor):
    client.force_login(mentor)
    token = make(client)

    assert "Mijn agendalink stoppen" in client.get(reverse("calendars:stop")).content.decode()
    response = client.post(reverse("calendars:stop"), follow=True)

    assert "Je agendalink is gestopt" in response.content.decode()
    assert not CalendarFeed.objects.filter(user=mentor).exists()
    assert client.get(reverse("calendars:feed", kwargs={"token": token})).status_code == 404
    assert audit_actions(mentor) == [Action.CREATE, Action.DELETE]


def test_renewing_or_stopping_without_a_link_changes_nothing(client, student):
    client.force_login(student)

    for name in ("calendars:renew", "calendars:stop"):
        assert client.get(reverse(name)).url == PAGE
        assert client.post(reverse(name)).url == PAGE

    assert not CalendarFeed.objects.exists()
    assert audit_actions(student) == []


def test_the_page_needs_a_login(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_password_page_leads_to_the_calendar_page(client, student):
    client.force_login(student)

    html = client.get(reverse("password_change")).content.decode()

    assert f'href="{PAGE}"' in html


def test_the_demo_prints_a_working_feed_for_each_login(db, settings, client):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    printed = dict(re.findall(r"^  (\S+)\s+(http://127\.0\.0\.1:8000/calendar/\S+)$",
                              out.getvalue(), re.MULTILINE))  # fmt: skip
    assert set(printed) == {"coordinator", "supervisor", "mentor", "student"}
    for address in printed.values():
        response = client.get(address.removeprefix("http://127.0.0.1:8000"))
        assert Calendar.from_ical(response.content).walk("VEVENT")
    assert "?scope=all" in out.getvalue()
    assert CalendarFeed.objects.count() == User.objects.filter(username__in=[
        "coordinator", "supervisor", "supervisor2", "mentor", "mentor2", "mentor3", "student",
    ]).count()  # fmt: skip
