"""The calendar feed: what each user's feed holds, and who gets a feed at all."""

import datetime
import logging
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from tests.factories import MobilityFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role, User
from wegwijzer.calendars import services
from wegwijzer.calendars.models import CalendarFeed
from wegwijzer.care.models import Incident
from wegwijzer.links.logging import HideLinkTokens
from wegwijzer.mobilities.models import ChecklistItem, ItemStatus, Mobility, Outcome

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
# Marks the items a test took, so the next one takes another.
TAKEN = "taken by the test"


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def feed_url(token: str, scope: str = "") -> str:
    url = reverse("calendars:feed", kwargs={"token": token})
    return f"{url}?scope={scope}" if scope else url


def fetch(client, user: User, scope: str = "") -> Calendar:
    token = services.make_feed(user)
    assert token
    response = client.get(feed_url(token, scope))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["uid"]) for event in calendar.walk("VEVENT")}


def summaries(calendar: Calendar) -> set[str]:
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


def own_item(mobility: Mobility, owner: str, due: datetime.date, **changes) -> ChecklistItem:
    """One of the stay's items made the owner's own, open and required, due on the day."""
    item = mobility.items.exclude(note=TAKEN).order_by("pk").first()
    assert item
    values = {"owners": [owner], "required": True, "applicable": True, "note": TAKEN,
              "status": ItemStatus.OPEN, "due_date": due, **changes}  # fmt: skip
    ChecklistItem.objects.filter(pk=item.pk).update(**values)
    item.refresh_from_db()
    return item


@dataclass
class School:
    coordinator: User
    supervisor: User
    other_supervisor: User
    mentor: User
    student: User
    mobility: Mobility
    other_mobility: Mobility
    cancelled: Mobility
    items: dict[str, ChecklistItem]
    follow_up: Incident


@pytest.fixture
def school(coordinator, supervisor, mentor, student, other_student) -> School:
    other_supervisor = UserFactory.create(role=Role.SUPERVISOR)
    own_student = student.student
    own_student.mentor = mentor
    own_student.save()
    mobility = MobilityFactory.create(
        student=own_student, supervisor=supervisor, destination_city="Valencia",
        destination_country="ES", departure_date=days(30), return_date=days(120),
    )  # fmt: skip
    other_mobility = MobilityFactory.create(
        student=other_student.student, supervisor=other_supervisor, destination_city="Lyon",
        destination_country="FR", departure_date=days(40), return_date=days(100),
    )  # fmt: skip
    cancelled = MobilityFactory.create(
        student=own_student, supervisor=supervisor, departure_date=days(50),
        return_date=days(60),
    )  # fmt: skip
    Mobility.objects.filter(pk=cancelled.pk).update(outcome=Outcome.CANCELLED)
    # Only the items a test makes open are anyone's work.
    ChecklistItem.objects.update(status=ItemStatus.DONE)
    items = {
        owner: own_item(mobility, owner, days(10))
        for owner in ("student", "mentor", "supervisor", "coordinator")
    }
    follow_up = Incident.objects.create(
        mobility=mobility, kind="theft", severity="minor", occurred_on=TODAY,
        description="Telefoon gestolen bij het station", follow_up_on=days(5),
    )  # fmt: skip
    Incident.objects.create(
        mobility=mobility, kind="theft", severity="minor", occurred_on=TODAY,
        description="Afgehandeld", follow_up_on=days(6), follow_up_done=True,
    )  # fmt: skip
    return School(
        coordinator=coordinator, supervisor=supervisor, other_supervisor=other_supervisor,
        mentor=mentor, student=student, mobility=mobility, other_mobility=other_mobility,
        cancelled=cancelled, items=items, follow_up=follow_up,
    )  # fmt: skip


def stay(mobility: Mobility) -> set[str]:
    return {f"departure-{mobility.public_id}@wegwijzer", f"return-{mobility.public_id}@wegwijzer"}


def item(school: School, owner: str) -> str:
    return f"item-{school.items[owner].public_id}@wegwijzer"


def follow_up(school: School) -> str:
    return f"follow-up-{school.follow_up.public_id}@wegwijzer"


def test_a_student_sees_their_own_stay_and_their_own_items(client, school):
    calendar = fetch(client, school.student)

    assert uids(calendar) == stay(school.mobility) | {item(school, "student")}


def test_a_supervisor_sees_their_students_stays_items_and_follow_ups_not_anothers(client, school):
    assert uids(fetch(client, school.supervisor)) == (
        stay(school.mobility) | {item(school, "supervisor"), follow_up(school)}
    )
    assert uids(fetch(client, school.other_supervisor)) == stay(school.other_mobility)


def test_a_mentor_sees_their_mentees_stays_and_their_items_but_no_incidents(client, school):
    assert uids(fetch(client, school.mentor)) == stay(school.mobility) | {item(school, "mentor")}


def test_a_coordinators_own_feed_holds_their_items_and_follow_ups_not_every_stay(client, school):
    calendar = fetch(client, school.coordinator)

    assert uids(calendar) == {item(school, "coordinator"), follow_up(school)}


def test_a_coordinators_feed_of_all_stays_holds_every_departure_and_return(client, school):
    calendar = fetch(client, school.coordinator, scope="all")

    assert uids(calendar) == stay(school.mobility) | stay(school.other_mobility)
    assert str(calendar["x-wr-calname"]) == "Wegwijzer: alle vertrekken en terugkomsten"


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_only_a_coordinator_gets_the_feed_of_all_stays(client, school, role):
    token = services.make_feed(getattr(school, role))
    assert token

    response = client.get(feed_url(token, "all"))

    assert response.status_code == 404


def test_an_unknown_scope_is_not_found(client, school):
    token = services.make_feed(school.coordinator)
    assert token

    assert client.get(feed_url(token, "everything")).status_code == 404


def test_items_that_are_not_the_users_work_stay_out(client, school):
    mobility = school.mobility
    optional = own_item(mobility, "student", days(11), required=False)
    handed_in = own_item(mobility, "student", days(12), status=ItemStatus.TO_CHECK)
    not_applicable = own_item(mobility, "student", days(13), applicable=False)

    found = uids(fetch(client, school.student))

    for left_out in (optional, handed_in, not_applicable):
        assert f"item-{left_out.public_id}@wegwijzer" not in found


def test_the_feed_covers_three_months_back_to_a_year_ahead(client, school):
    student = school.student.student
    long_ago = MobilityFactory.create(
        student=student, departure_date=days(-200), return_date=days(-100)
    )
    coming_back = MobilityFactory.create(
        student=student, departure_date=days(-100), return_date=days(10)
    )
    far_ahead = MobilityFactory.create(
        student=student, departure_date=days(300), return_date=days(400)
    )
    late_item = own_item(school.mobility, "student", days(366))

    found = uids(fetch(client, school.student))

    assert not stay(long_ago) & found
    assert f"return-{coming_back.public_id}@wegwijzer" in found
    assert f"departure-{coming_back.public_id}@wegwijzer" not in found
    assert f"departure-{far_ahead.public_id}@wegwijzer" in found
    assert f"return-{far_ahead.public_id}@wegwijzer" not in found
    assert f"item-{late_item.public_id}@wegwijzer" not in found


def test_events_are_all_day_on_the_stays_days_with_first_names_and_destinations(
    client, school, settings
):
    calendar = fetch(client, school.supervisor)
    first = school.student.student.first_name
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}

    departure = events[f"departure-{school.mobility.public_id}@wegwijzer"]
    assert departure.decoded("dtstart") == days(30)
    assert departure.decoded("dtend") == days(31)
    assert str(departure["summary"]) == f"Vertrek: {first} naar Valencia, Spanje"
    returning = events[f"return-{school.mobility.public_id}@wegwijzer"]
    assert str(returning["summary"]) == f"Terugkomst: {first} uit Valencia, Spanje"
    assert str(events[follow_up(school)]["summary"]) == (
        f"Opvolging incident: {first} in Valencia, Spanje"
    )
    with translation.override("nl"):
        title = gettext(school.items["supervisor"].title)
    assert str(events[item(school, "supervisor")]["summary"]) == (
        f"Uiterste datum: {title} ({first})"
    )
    assert str(events[item(school, "supervisor")]["url"]) == (
        f"{settings.SITE_URL}/mobilities/{school.mobility.public_id}/"
        f"#item-{school.items['supervisor'].public_id}"
    )
    assert all("dtstamp" in event for event in events.values())
    assert str(calendar["x-wr-calname"]) == "Wegwijzer"


def test_an_actual_departure_moves_the_event(client, school):
    Mobility.objects.filter(pk=school.mobility.pk).update(actual_departure_date=days(28))

    calendar = fetch(client, school.student)

    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert events[f"departure-{school.mobility.public_id}@wegwijzer"].decoded("dtstart") == days(28)


def test_no_last_name_or_what_happened_leaves_in_a_feed(client, school):
    last_name = school.student.student.last_name
    for user, scope in [
        (school.coordinator, ""), (school.coordinator, "all"), (school.supervisor, ""),
        (school.mentor, ""), (school.student, ""),
    ]:  # fmt: skip
        CalendarFeed.objects.filter(user=user).delete()
        text = fetch(client, user, scope).to_ical().decode()

        assert last_name not in text
        assert "gestolen" not in text


def test_an_english_user_gets_english_summaries(client, school):
    school.supervisor.language = "en"
    school.supervisor.save(update_fields=["language"])
    first = school.student.student.first_name

    found = summaries(fetch(client, school.supervisor))

    assert f"Departure: {first} to Valencia, Spain" in found
    assert f"Return: {first} from Valencia, Spain" in found
    assert f"Incident follow-up: {first} in Valencia, Spain" in found


def test_the_feed_is_private_calendar_text_and_records_its_use(client, school):
    token = services.make_feed(school.student)
    assert token

    response = client.get(feed_url(token))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert CalendarFeed.objects.get(user=school.student).last_used_at is not None


def test_a_wrong_token_is_not_found(client, school):
    services.make_feed(school.student)

    assert client.get(feed_url("not-the-token")).status_code == 404


def test_a_renewed_token_is_not_found_and_the_new_one_works(client, school):
    old = services.make_feed(school.student)
    assert old

    new = services.renew_feed(school.student)
    assert new

    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200


def test_a_stopped_feed_and_an_inactive_users_feed_are_not_found(client, school):
    stopped = services.make_feed(school.student)
    inactive = services.make_feed(school.mentor)
    assert stopped and inactive
    services.stop_feed(school.student)
    User.objects.filter(pk=school.mentor.pk).update(is_active=False)

    assert client.get(feed_url(stopped)).status_code == 404
    assert client.get(feed_url(inactive)).status_code == 404


def test_the_token_is_stored_only_as_its_hash(school):
    token = services.make_feed(school.student)
    assert token

    stored = CalendarFeed.objects.get(user=school.student)
    assert token not in stored.token_hash
    assert services.feed_for_token(token) == stored


def test_the_log_shows_a_feeds_path_without_its_token():
    record = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"GET %s HTTP/1.1" 200',
        ("/calendar/s3cr3t-T0ken_x.ics?scope=all",), None,
    )  # fmt: skip

    HideLinkTokens().filter(record)

    assert record.getMessage() == '"GET /calendar/[token].ics?scope=all HTTP/1.1" 200'


def test_the_feed_costs_the_same_queries_with_more_stays(client, school):
    def queries(user: User, scope: str = "") -> int:
        CalendarFeed.objects.filter(user=user).delete()
        token = services.make_feed(user)
        assert token
        with CaptureQueriesContext(connection) as captured:
            assert client.get(feed_url(token, scope)).status_code == 200
        return len(captured)

    def counts() -> list[int]:
        return [
            queries(school.coordinator), queries(school.coordinator, "all"),
            queries(school.supervisor), queries(school.student),
        ]  # fmt: skip

    few = counts()
    for _ in range(6):
        more = MobilityFactory.create(
            student=StudentFactory(), supervisor=school.supervisor, departure_date=days(20)
        )
        own_item(more, "supervisor", days(8))
        own_item(more, "coordinator", days(9))
        Incident.objects.create(
            mobility=more, kind="theft", severity="minor", occurred_on=TODAY,
            description="x", follow_up_on=days(4),
        )  # fmt: skip

    assert counts() == few
    # The feed's lookup and its use, one query per kind of event, the request's savepoint.
    assert max(few) <= 7
