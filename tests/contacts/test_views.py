"""The contact pages as each role sees them: the log, the agreement, logging, the check-in,
the card on the mobility page and the blocks on the home pages."""

import datetime

import pytest
from django.urls import reverse

from tests.contacts.helpers import TODAY, abroad, agree, log
from tests.factories import StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.contacts.models import ContactEntry, ContactMoment
from wegwijzer.contacts.planning import GRACE
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

SECRET = "Heeft ruzie met de gastfamilie"


def own_stay(supervisor, mentor, student):
    record = student.student
    record.mentor = mentor
    record.save()
    return abroad(supervisor=supervisor, student=record)


def log_url(mobility):
    return reverse("contacts:log", args=[mobility.public_id])


def test_the_supervisor_logs_a_contact_and_sees_it_newest_first(client, supervisor):
    mobility = abroad(supervisor=supervisor)
    log(mobility, supervisor, days_ago=3, how_doing="Eerste gesprek")
    client.force_login(supervisor)
    form = client.get(reverse("contacts:new", args=[mobility.public_id]))
    newest = form.context["form"].initial["newest"]

    response = client.post(
        reverse("contacts:new", args=[mobility.public_id]),
        {
            "held_on": TODAY.isoformat(), "channel": "phone", "participants": ["student"],
            "wellbeing": "4", "how_doing": "Tweede gesprek", "actions": "Bellen met het bedrijf",
            "actions_by": (TODAY + datetime.timedelta(days=7)).isoformat(), "newest": newest,
        },
    )  # fmt: skip

    assert response.status_code == 302
    entry = ContactEntry.objects.get(how_doing="Tweede gesprek")
    assert (entry.wellbeing, entry.author, entry.channel) == (4, supervisor, "phone")
    page = client.get(log_url(mobility)).content.decode()
    assert page.index("Tweede gesprek") < page.index("Eerste gesprek")


def test_a_double_click_logs_once_and_says_so(client, supervisor):
    mobility = abroad(supervisor=supervisor)
    client.force_login(supervisor)
    data = {"held_on": TODAY.isoformat(), "channel": "phone", "participants": ["student"],
            "newest": ""}  # fmt: skip
    url = reverse("contacts:new", args=[mobility.public_id])

    client.post(url, data)
    again = client.post(url, data)

    assert again.status_code == 200
    assert "sinds deze pagina" in again.content.decode()
    assert ContactEntry.objects.filter(mobility=mobility).count() == 1


def test_the_mentor_and_the_student_do_not_read_confidential_texts(
    client, supervisor, mentor, student
):
    mobility = own_stay(supervisor, mentor, student)
    log(mobility, supervisor, how_doing=SECRET, wellbeing=2, confidential=True)
    log(mobility, supervisor, days_ago=1, how_doing="Gaat prima op het werk")

    for user, reads in [(supervisor, True), (mentor, False), (student, False)]:
        client.force_login(user)
        for url in (log_url(mobility), reverse("mobilities:detail", args=[mobility.public_id])):
            page = client.get(url).content.decode()
            assert (SECRET in page) is reads, (user.role, url)
            assert "Gaat prima op het werk" in page
            assert ("Welzijn 2 van 5" in page) is reads
        history = client.get(reverse("mobilities:detail", args=[mobility.public_id]))
        assert SECRET not in str(history.context["history"])


def test_who_may_log_and_set_the_agreement(client, supervisor, mentor, student, coordinator):
    mobility = own_stay(supervisor, mentor, student)
    other_supervisor = UserFactory.create(role=Role.SUPERVISOR)
    for user, status in [(coordinator, 200), (supervisor, 200), (mentor, 403), (student, 403),
                         (other_supervisor, 404)]:  # fmt: skip
        client.force_login(user)
        for name in ("contacts:new", "contacts:agreement"):
            assert client.get(reverse(name, args=[mobility.public_id])).status_code == status
    client.force_login(other_supervisor)
    assert client.get(log_url(mobility)).status_code == 404


def test_the_agreement_form_saves_and_refuses_a_stale_post(client, supervisor):
    mobility = abroad(supervisor=supervisor, departed_days_ago=0)
    client.force_login(supervisor)
    url = reverse("contacts:agreement", args=[mobility.public_id])
    data = {"first_weeks": "4", "first_every_days": "7", "then_every_days": "14",
            "channel": "video", "participants": ["supervisor", "student"], "note": "",
            "version": "0"}  # fmt: skip

    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "first_weeks": "2"})

    assert stale.status_code == 200
    assert "contactafspraak is veranderd" in stale.content.decode()
    mobility.contact_agreement.refresh_from_db()
    assert mobility.contact_agreement.first_weeks == 4
    assert mobility.contact_moments.exists()


def test_the_student_checks_in_from_their_home_page(client, student, supervisor):
    mobility = abroad(supervisor=supervisor, student=student.student)
    client.force_login(student)
    home = client.get(reverse("home"))
    assert home.context["check_in"] is not None
    assert 'id="check-in-title"' in home.content.decode()

    response = client.post(
        reverse("contacts:check-in", args=[mobility.public_id]),
        {"wellbeing": "5", "how_doing": "Super!", "wants_contact": "on", "newest": ""},
    )

    assert response.status_code == 302
    entry = ContactEntry.objects.get(mobility=mobility)
    assert (entry.channel, entry.wellbeing, entry.wants_contact) == ("check_in", 5, True)
    assert "Bedankt" in client.get(reverse("home")).content.decode()


def test_a_check_in_without_a_score_is_refused(client, student, supervisor):
    mobility = abroad(supervisor=supervisor, student=student.student)
    client.force_login(student)

    response = client.post(
        reverse("contacts:check-in", args=[mobility.public_id]), {"how_doing": "Hoi"}
    )

    assert response.status_code == 200
    assert not ContactEntry.objects.exists()
    assert "Hoi" in response.content.decode()


def test_no_check_in_before_the_stay_or_for_another_student(client, student, other_student):
    mobility = abroad(student=student.student)
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.PREPARATION)
    client.force_login(student)
    assert client.get(reverse("home")).context["check_in"] is None
    url = reverse("contacts:check-in", args=[mobility.public_id])
    assert client.post(url, {"wellbeing": "3"}).status_code == 403
    client.force_login(other_student)
    assert client.post(url, {"wellbeing": "3"}).status_code == 404


def test_missed_moments_on_the_supervisors_home_and_the_card(client, supervisor):
    mobility = abroad(supervisor=supervisor)
    due = TODAY - datetime.timedelta(days=GRACE + 1)
    ContactMoment.objects.create(mobility=mobility, due_on=due, opens_on=due)
    client.force_login(supervisor)

    home = client.get(reverse("home")).content.decode()
    card = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert "Gemiste contactmomenten" in home
    assert mobility.student.full_name in home
    assert "1 contactmoment gemist" in card


def test_a_flagged_stay_needs_the_coordinators_attention(client, coordinator, supervisor):
    mobility = abroad(supervisor=supervisor)
    log(mobility, supervisor, wellbeing=1)
    client.force_login(coordinator)

    panel = client.get(reverse("home")).context["needs_attention"]

    assert panel.wellbeing == [mobility]
    assert panel.wellbeing_count == 1


def _stays(supervisor, count):
    for _ in range(count):
        mobility = abroad(supervisor=supervisor, student=StudentFactory.create())
        agree(mobility, supervisor)
        log(mobility, supervisor, wellbeing=3, how_doing="x", days_ago=1)
        log(mobility, supervisor, wellbeing=2, confidential=True)
        due = TODAY - datetime.timedelta(days=GRACE + 2)
        ContactMoment.objects.create(mobility=mobility, due_on=due, opens_on=due)
    return mobility


@pytest.mark.parametrize("count", [1, 12])
def test_the_log_page_costs_the_same_queries(
    client, supervisor, count, django_assert_max_num_queries
):
    mobility = _stays(supervisor, 1)
    for days_ago in range(2, 2 + count * 2):
        log(mobility, supervisor, wellbeing=4, days_ago=days_ago)
    client.force_login(supervisor)

    with django_assert_max_num_queries(14):
        assert client.get(log_url(mobility)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(log_url(mobility) + "?page=2").status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_the_homes_cost_the_same_queries(
    client, supervisor, coordinator, count, django_assert_max_num_queries
):
    _stays(supervisor, count)
    client.force_login(supervisor)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("home"))
    assert response.context["missed_contacts"].count == count
    client.force_login(coordinator)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("home"))
    panel = response.context["needs_attention"]
    assert (panel.wellbeing_count, len(panel.wellbeing)) == (count, min(count, 5))


def test_the_card_costs_the_same_queries_with_one_or_many_contacts(client, supervisor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few, many = _stays(supervisor, 1), _stays(supervisor, 1)
    for days_ago in range(2, 30):
        log(many, supervisor, wellbeing=4, days_ago=days_ago)
    client.force_login(supervisor)
    counts = []
    for mobility in (few, many):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("mobilities:detail", args=[mobility.public_id]))
        assert 'id="contacts-title"' in page.content.decode()
        counts.append(len(queries))

    assert counts[0] == counts[1]
