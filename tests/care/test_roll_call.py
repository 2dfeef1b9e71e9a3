"""A roll call from start to all answered: by link, by phone, reminders, closing."""

import datetime
import logging

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.care.helpers import abroad, start, tokens_by_address
from tests.factories import MobilityFactory, StudentFactory
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.care import services
from wegwijzer.care.models import Answer, AnsweredVia, RollCallEntry
from wegwijzer.care.tasks import remind_roll_call
from wegwijzer.links.logging import HideLinkTokens
from wegwijzer.links.models import hash_token

pytestmark = pytest.mark.django_db


def answer_url(token):
    return reverse("care:answer", args=[token])


def test_roll_call_from_start_to_all_answered(
    client, coordinator, django_capture_on_commit_callbacks
):
    safe = abroad("ES", "Valencia", email="sanne@example.org", phone="+34 600 000 001")
    helpless = abroad("ES", "Madrid", email="")  # no address at all: staff call them
    assert helpless.student.user is None
    phoned = abroad("ES", "Sevilla", email="", phone="+34 600 000 003")
    elsewhere = abroad("IT", "Rome", email="luca@example.org")
    MobilityFactory.create(student=StudentFactory.create(email="later@example.org"))  # not yet

    roll_call = start(coordinator, django_capture_on_commit_callbacks, countries=["ES"])

    # Only those abroad in Spain today; the one without an address is not e-mailed.
    assert {entry.mobility for entry in roll_call.entries.all()} == {safe, helpless, phoned}
    assert [message.to for message in mail.outbox] == [["sanne@example.org"]]
    assert elsewhere.roll_call_entries.count() == 0
    token = tokens_by_address()["sanne@example.org"]
    assert token not in str(list(RollCallEntry.objects.values()))
    assert roll_call.entries.get(mobility=safe).emails.get().token_hash == hash_token(token)

    # The student answers through the link: Dutch, no login.
    page = client.get(answer_url(token))
    assert page.status_code == 200
    assert "Ben je veilig?" in page.content.decode()
    response = client.post(
        answer_url(token),
        {"answer": "safe", "message": "All fine", "location": "At the hotel"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 200
    entry = roll_call.entries.get(mobility=safe)
    assert (entry.answer, entry.answered_via, entry.location) == (
        Answer.SAFE, AnsweredVia.LINK, "At the hotel",
    )  # fmt: skip
    assert entry.answered_ip == "192.0.2.10"

    # Staff record the other two answers by phone.
    client.force_login(coordinator)
    for mobility, answer in ((phoned, "safe"), (helpless, "help")):
        entry = roll_call.entries.get(mobility=mobility)
        response = client.post(
            reverse("care:answer-by-phone", args=[entry.public_id]),
            {"answer": answer, "message": "Called at 14:00", "location": ""},
        )
        assert response.status_code == 302
    by_phone = roll_call.entries.get(mobility=helpless)
    assert (by_phone.answer, by_phone.answered_via, by_phone.recorded_by) == (
        Answer.HELP, AnsweredVia.PHONE, coordinator,
    )  # fmt: skip

    # Everyone answered: the page shows the counts and who needs help.
    content = client.get(reverse("care:roll-call", args=[roll_call.public_id])).content.decode()
    assert roll_call.entries.filter(answer="").count() == 0
    assert "Hulp nodig (1)" in content and "Nog geen antwoord (0)" in content
    assert "Veilig (2)" in content
    assert "+34 600 000 003" in content
    # Each answer is in the mobility's history.
    assert AuditEntry.objects.filter(mobility=helpless, action=Action.CHANGE).exists()


def test_a_student_may_change_their_answer_while_the_roll_call_is_open(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = abroad(email="sanne@example.org")
    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    token = tokens_by_address()["sanne@example.org"]
    client.post(answer_url(token), {"answer": "safe"})

    client.post(answer_url(token), {"answer": "help", "message": "The water is rising"})

    entry = roll_call.entries.get(mobility=mobility)
    assert (entry.answer, entry.message) == (Answer.HELP, "The water is rising")
    answers = AuditEntry.objects.filter(mobility=mobility, action=Action.CHANGE)
    assert [a.changes["answer"] for a in answers.order_by("pk")] == [["", "safe"], ["safe", "help"]]


def test_a_closed_roll_call_keeps_its_answers_and_opens_no_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = abroad(email="sanne@example.org")
    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    token = tokens_by_address()["sanne@example.org"]
    client.post(answer_url(token), {"answer": "safe"})
    client.force_login(coordinator)

    client.post(reverse("care:roll-call-close", args=[roll_call.public_id]))
    client.logout()
    response = client.post(answer_url(token), {"answer": "help"})

    assert response.status_code == 410
    assert "Deze controle is gesloten" in response.content.decode()
    assert roll_call.entries.get(mobility=mobility).answer == Answer.SAFE
    roll_call.refresh_from_db()
    assert roll_call.closed_by == coordinator


def test_an_unknown_token_opens_nothing(client):
    response = client.get(answer_url("made-up-token"))

    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()


def test_reminders_go_to_who_has_not_answered_with_a_new_link_and_the_old_one_works(
    client, coordinator, django_capture_on_commit_callbacks
):
    answered = abroad(email="sanne@example.org")
    abroad(email="piet@example.org")
    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    first = tokens_by_address()
    client.post(answer_url(first["sanne@example.org"]), {"answer": "safe"})
    client.force_login(coordinator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("care:roll-call-remind", args=[roll_call.public_id]))

    assert [message.to for message in mail.outbox] == [["piet@example.org"]]
    reminded = tokens_by_address()["piet@example.org"]
    assert reminded != first["piet@example.org"]
    assert client.get(answer_url(first["piet@example.org"])).status_code == 200
    page = client.get(reverse("care:roll-call", args=[roll_call.public_id])).content.decode()
    assert "1 herinnering verstuurd" in page
    assert roll_call.entries.get(mobility=answered).emails.count() == 1


def test_the_automatic_reminder_stops_when_the_roll_call_is_closed(
    coordinator, django_capture_on_commit_callbacks
):
    abroad(email="piet@example.org")
    roll_call = start(coordinator, django_capture_on_commit_callbacks, hours=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = remind_roll_call.call(roll_call_id=roll_call.pk, domain="testserver", use_https=True)
    services.close_roll_call(roll_call, by=coordinator)
    after_closing = remind_roll_call.call(
        roll_call_id=roll_call.pk, domain="testserver", use_https=True
    )

    assert (sent, after_closing) == (1, 0)
    assert len(mail.outbox) == 1


def test_a_roll_call_needs_someone_abroad(english, coordinator):
    english.force_login(coordinator)

    response = english.post(
        reverse("care:roll-call-start"), {"message": "Storm", "reminder_hours": "0"}
    )

    assert "Nobody is abroad in the chosen countries today." in response.content.decode()


def test_the_start_page_offers_the_countries_where_students_are(english, coordinator):
    abroad("ES")
    abroad("ES")
    abroad("IT", "Rome")
    english.force_login(coordinator)

    content = english.get(reverse("care:roll-call-start")).content.decode()

    assert "Spain (2)" in content and "Italy (1)" in content


def test_roll_call_pages_are_refused_to_a_supervisor(
    client, supervisor, coordinator, django_capture_on_commit_callbacks
):
    abroad()
    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    client.force_login(supervisor)

    assert client.get(reverse("care:roll-call", args=[roll_call.public_id])).status_code == 403
    assert client.get(reverse("care:roll-calls")).status_code == 403


def test_polling_costs_the_same_queries_however_many_students(
    client, coordinator, django_capture_on_commit_callbacks
):
    for city in ("Valencia", "Madrid"):
        abroad(city=city)
    few = start(coordinator, django_capture_on_commit_callbacks)
    for number in range(12):
        abroad(city=f"Town {number}")
    many = start(coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)

    counts = []
    for roll_call in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                reverse("care:roll-call", args=[roll_call.public_id]), HTTP_HX_REQUEST="true"
            )
        counts.append(len(queries))
        assert 'data-hx-trigger="every 10s"' in response.content.decode()
        assert "<html" not in response.content.decode()

    assert counts[0] == counts[1]


def test_the_token_in_an_answer_url_is_hidden_in_the_logs():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"GET /safe/%s/ HTTP/1.1" 200', ("abc",), None
    )

    HideLinkTokens().filter(record)

    assert record.getMessage() == '"GET /safe/[token]/ HTTP/1.1" 200'


def test_abroad_means_under_way_today(coordinator, django_capture_on_commit_callbacks):
    today = datetime.date.today()
    under_way = abroad()
    MobilityFactory.create(
        departure_date=today - datetime.timedelta(days=30),
        return_date=today - datetime.timedelta(days=1),
    )

    roll_call = start(coordinator, django_capture_on_commit_callbacks)

    assert [entry.mobility for entry in roll_call.entries.all()] == [under_way]


def test_the_answer_page_speaks_english_when_chosen_and_needs_no_script(
    english, coordinator, django_capture_on_commit_callbacks
):
    abroad(email="sanne@example.org")
    start(coordinator, django_capture_on_commit_callbacks, message="Storm tonight")
    token = tokens_by_address()["sanne@example.org"]

    response = english.get(answer_url(token))

    content = response.content.decode()
    assert "Are you safe?" in content and "Storm tonight" in content
    assert 'type="radio"' in content and 'method="post"' in content
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_an_answer_without_a_choice_is_refused(
    client, coordinator, django_capture_on_commit_callbacks
):
    mobility = abroad(email="sanne@example.org")
    roll_call = start(coordinator, django_capture_on_commit_callbacks)
    token = tokens_by_address()["sanne@example.org"]

    response = client.post(answer_url(token), {"answer": "", "message": "hello"})

    assert response.status_code == 200
    assert roll_call.entries.get(mobility=mobility).answer == ""


def test_the_answer_page_shows_the_schools_emergency_number_when_set(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.SCHOOL_EMERGENCY_PHONE = "+31 30 123 4567"
    abroad(email="sanne@example.org")
    start(coordinator, django_capture_on_commit_callbacks)
    token = tokens_by_address()["sanne@example.org"]

    content = client.get(answer_url(token)).content.decode()

    assert "Noodnummer van de school (dag en nacht)" in content
    assert "+31 30 123 4567" in content


def test_the_answer_page_leaves_out_an_unset_emergency_number(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.SCHOOL_EMERGENCY_PHONE = ""
    abroad(email="sanne@example.org")
    start(coordinator, django_capture_on_commit_callbacks)
    token = tokens_by_address()["sanne@example.org"]

    content = client.get(answer_url(token)).content.decode()

    assert "Noodnummer van de school (dag en nacht)" not in content
