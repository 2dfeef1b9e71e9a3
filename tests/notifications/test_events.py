"""When something happens, the right people are told at once, and nobody else: a call for
help in a roll call, a guardian's or host company's answer, an item waiting for a check, a
no-go or break-off, a travel advice change."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.care.helpers import abroad, start, tokens_by_address
from tests.factories import MobilityFactory, StudentFactory, UserFactory
from tests.links.helpers import at_step, make_link, minor_mobility
from wegwijzer.accounts.models import Role, User
from wegwijzer.care import services as care_services
from wegwijzer.links import services as link_services
from wegwijzer.links.models import Purpose
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import DecisionChoice, Mobility
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification, OutboxMessage
from wegwijzer.programmes.models import Step
from wegwijzer.travel import services as travel_services
from wegwijzer.travel.models import Colour, Country

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def told(kind) -> set[User]:
    return {notification.user for notification in Notification.objects.filter(kind=kind)}


def coordinators() -> set[User]:
    return set(User.objects.filter(role=Role.COORDINATOR, is_active=True))


@pytest.fixture
def other_supervisor(db):
    return UserFactory.create(username="other-supervisor", role=Role.SUPERVISOR)


# A call for help in a roll call


def help_scene(coordinator, supervisor, mentor, capture):
    """Sanne abroad in Valencia, supervised by `supervisor`, with a roll call started."""
    mobility = abroad("ES", "Valencia", first_name="Sanne", email="sanne@example.org",
                      phone="+34 600 000 001", mentor=mentor)  # fmt: skip
    Mobility.objects.filter(pk=mobility.pk).update(supervisor=supervisor)
    UserFactory.create(role=Role.COORDINATOR, username="gone", is_active=False)
    roll_call = start(coordinator, capture, countries=["ES"])
    return mobility, roll_call, tokens_by_address()["sanne@example.org"]


def test_a_call_for_help_reaches_every_coordinator_and_the_stays_supervisor_only(
    client, coordinator, supervisor, other_supervisor, mentor, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    mobility, roll_call, token = help_scene(coordinator, supervisor, mentor, capture)
    mail.outbox.clear()

    with capture(execute=True):
        client.post(
            reverse("care:answer", args=[token]),
            {"answer": "help", "message": "Mijn pas is gestolen", "location": "Hostel Sol"},
        )

    assert told(Kind.ROLL_CALL_HELP) == coordinators() | {supervisor}
    assert {other_supervisor, mentor}.isdisjoint(told(Kind.ROLL_CALL_HELP))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in coordinators() | {supervisor}
    )
    message = next(message for message in mail.outbox if message.to == [coordinator.email])
    assert message.subject.startswith("Sanne heeft hulp nodig (Veiligheidscontrole van ")
    for fact in ["Waar: Hostel Sol", "Verblijft in: Valencia, Spanje",
                 "Telefoon: +34 600 000 001", "Bericht: Mijn pas is gestolen"]:  # fmt: skip
        assert fact in message.body
    assert mobility.student.last_name not in message.subject
    # Coordinators open the roll call; the supervisor, who cannot, their home page.
    by_user = {n.user: n for n in Notification.objects.filter(kind=Kind.ROLL_CALL_HELP)}
    assert by_user[coordinator].url == reverse("care:roll-call", args=[roll_call.public_id])
    assert by_user[supervisor].url == reverse("home")
    assert OutboxMessage.objects.filter(recipient=coordinator, kind=Kind.ROLL_CALL_HELP).exists()


def test_a_safe_answer_tells_nobody_and_a_second_call_for_help_tells_again(
    client, coordinator, supervisor, mentor, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _mobility, _roll_call, token = help_scene(coordinator, supervisor, mentor, capture)
    url = reverse("care:answer", args=[token])

    with capture(execute=True):
        client.post(url, {"answer": "safe"})
    assert not Notification.objects.exists()

    with capture(execute=True):
        client.post(url, {"answer": "help", "location": "Hostel"})
        client.post(url, {"answer": "help", "location": "Ziekenhuis"})

    assert Notification.objects.filter(user=supervisor).count() == 2


def test_a_call_for_help_taken_by_phone_tells_the_others_not_the_one_who_took_it(
    coordinator, supervisor, mentor, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    mobility, roll_call, _token = help_scene(coordinator, supervisor, mentor, capture)
    entry = roll_call.entries.get(mobility=mobility)

    with capture(execute=True):
        care_services.record_answer(entry, answer="help", location="Politiebureau", by=coordinator)

    assert told(Kind.ROLL_CALL_HELP) == (coordinators() - {coordinator}) | {supervisor}


def test_each_reader_gets_the_call_for_help_in_their_own_language(
    client, coordinator, supervisor, mentor, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _mobility, _roll_call, token = help_scene(coordinator, supervisor, mentor, capture)
    User.objects.filter(pk=supervisor.pk).update(language="en")

    with capture(execute=True):
        client.post(reverse("care:answer", args=[token]), {"answer": "help"})

    english = Notification.objects.get(user=supervisor)
    assert english.subject.startswith("Sanne needs help (Roll call of ")
    assert "Staying in: Valencia, Spain" in english.body
    dutch = Notification.objects.get(user=coordinator)
    assert "Verblijft in: Valencia, Spanje" in dutch.body


def test_a_call_for_help_cannot_be_switched_off(
    client, coordinator, supervisor, mentor, django_capture_on_commit_callbacks
):
    from wegwijzer.notifications.models import Preference

    capture = django_capture_on_commit_callbacks
    _mobility, _roll_call, token = help_scene(coordinator, supervisor, mentor, capture)
    Preference.objects.create(user=supervisor, kind=Kind.ROLL_CALL_HELP, delivery="off")

    with capture(execute=True):
        client.post(reverse("care:answer", args=[token]), {"answer": "help"})

    assert supervisor in told(Kind.ROLL_CALL_HELP)


# A guardian's or host company's answer


REMARK = "Hij gebruikt insuline."


def consent_scene(supervisor, mentor, sender):
    mobility = minor_mobility(supervisor=supervisor)
    mobility.student.mentor = mentor
    mobility.student.save(update_fields=["mentor"])
    link, _token = make_link(mobility, created_by=sender)
    return mobility, link


@pytest.mark.parametrize(("answer", "word"), [("given", "gegeven"), ("refused", "geweigerd")])
def test_a_guardians_answer_reaches_the_supervisor_and_the_sender_not_the_mentor(
    answer, word, coordinator, supervisor, other_supervisor, mentor,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    mobility, link = consent_scene(supervisor, mentor, sender=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        link_services.submit_link(
            link, name="Anna de Vries", ip="192.0.2.1",
            answers={"consent": answer, "is_guardian": True, "remarks": REMARK},
        )  # fmt: skip

    assert told(Kind.CONSENT_ANSWERED) == {coordinator, supervisor}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator.email, supervisor.email]
    )
    message = mail.outbox[0]
    assert message.subject == f"Toestemming voor {mobility.student.full_name}: {word}"
    assert "Anna de Vries heeft de toestemmingsvraag" in message.body
    # The remark may hold medical details: never in a message.
    assert not Notification.objects.filter(body__contains="insuline").exists()
    assert not OutboxMessage.objects.filter(body__contains="insuline").exists()


def test_a_consent_nobody_on_the_stay_can_be_told_of_reaches_the_coordinators(
    coordinator, mentor, django_capture_on_commit_callbacks
):
    gone = UserFactory.create(role=Role.COORDINATOR, is_active=False)
    _mobility, link = consent_scene(None, mentor, sender=gone)

    with django_capture_on_commit_callbacks(execute=True):
        link_services.submit_link(link, name="Anna", ip=None, answers={"consent": "given"})

    assert told(Kind.CONSENT_ANSWERED) == coordinators()
    assert mentor not in told(Kind.CONSENT_ANSWERED)


def test_a_host_companys_confirmation_reaches_the_supervisor_and_the_sender(
    coordinator, supervisor, other_supervisor, django_capture_on_commit_callbacks
):
    mobility = minor_mobility(supervisor=supervisor)
    link, _token = make_link(mobility, Purpose.HOST_AGREEMENT, created_by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        link_services.submit_link(link, name="Carmen Ruiz", ip=None, answers={})

    assert told(Kind.HOST_ANSWERED) == {coordinator, supervisor}
    notification = Notification.objects.get(user=supervisor)
    assert notification.subject == (
        f"Hotel Mar Azul: de bevestiging van de begeleidingsafspraken voor "
        f"{mobility.student.full_name}"
    )


def test_a_host_companys_evaluation_is_told_too(
    coordinator, supervisor, django_capture_on_commit_callbacks
):
    mobility = at_step(minor_mobility(supervisor=supervisor), Step.ABROAD)
    link, _token = make_link(mobility, Purpose.HOST_EVALUATION, created_by=supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        link_services.submit_link(link, name="Carmen Ruiz", ip=None, answers={})

    assert told(Kind.HOST_ANSWERED) == {supervisor}
    assert "de evaluatie van het verblijf" in Notification.objects.get().subject


# An item waiting for a school check


def item(mobility, key):
    return mobility.items.get(template_item__key=key)


@pytest.fixture
def students_stay(supervisor, mentor):
    account = UserFactory.create(username="noor", first_name="Noor", role=Role.STUDENT)
    student = StudentFactory.create(user=account, first_name="Noor", mentor=mentor)
    return MobilityFactory.create(student=student, supervisor=supervisor), account


def test_an_item_the_coordinator_checks_tells_the_coordinators_when_handed_in(
    coordinator, supervisor, mentor, students_stay, django_capture_on_commit_callbacks
):
    mobility, account = students_stay
    insurance = item(mobility, "preparation-insurance")

    with django_capture_on_commit_callbacks(execute=True):
        mobility_services.complete_item(
            insurance, by=account, version=insurance.version, done_on=TODAY
        )

    assert told(Kind.TO_CHECK) == coordinators()
    notification = Notification.objects.get(user=coordinator)
    assert notification.subject == (
        f"Nakijken: Verzekeringen geregeld van {mobility.student.full_name}"
    )
    assert notification.url.endswith(f"#item-{insurance.public_id}")
    assert {message.to[0] for message in mail.outbox} == {u.email for u in coordinators()}


def test_an_item_the_supervisor_checks_tells_only_the_stays_supervisor(
    coordinator, supervisor, other_supervisor, students_stay, django_capture_on_commit_callbacks
):
    mobility, account = students_stay
    cv = item(mobility, "preparation-europass-cv")

    with django_capture_on_commit_callbacks(execute=True):
        mobility_services.complete_item(cv, by=account, version=cv.version, done_on=TODAY)

    assert told(Kind.TO_CHECK) == {supervisor}


def test_an_item_done_at_once_tells_nobody(coordinator, students_stay):
    mobility, _account = students_stay
    insurance = item(mobility, "preparation-insurance")

    mobility_services.complete_item(
        insurance, by=coordinator, version=insurance.version, done_on=TODAY
    )

    assert not Notification.objects.exists()


# A no-go or a break-off


def test_a_no_go_tells_the_supervisor_and_the_mentor_not_the_one_who_decided(
    coordinator, supervisor, other_supervisor, mentor, students_stay,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    mobility, _account = students_stay
    mobility = at_step(mobility, Step.DECISION)

    with django_capture_on_commit_callbacks(execute=True):
        mobility_services.record_decision(
            mobility, by=coordinator, decision=DecisionChoice.NO_GO,
            reason="Geen stageplaats, medische reden", decided_on=TODAY,
        )  # fmt: skip

    assert told(Kind.STAY_STOPPED) == {supervisor, mentor}
    notification = Notification.objects.get(user=mentor)
    assert notification.subject == (f"Verblijf van {mobility.student.full_name}: Gaat niet (no-go)")
    # The reason stays on the stay's page.
    assert "medische" not in notification.body
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [supervisor.email, mentor.email]
    )


def test_a_go_tells_nobody(coordinator, supervisor, mentor, students_stay):
    mobility, _account = students_stay
    mobility = at_step(mobility, Step.DECISION)
    for open_item in mobility_services.open_required_items(mobility, mobility.step):
        mobility_services.waive_item(
            open_item, by=coordinator, version=open_item.version, reason="Test"
        )

    mobility_services.record_decision(
        mobility, by=coordinator, decision=DecisionChoice.GO, reason="Klaar", decided_on=TODAY
    )

    assert not Notification.objects.filter(kind=Kind.STAY_STOPPED).exists()


def test_a_break_off_by_the_supervisor_tells_the_mentor_only(
    coordinator, supervisor, mentor, django_capture_on_commit_callbacks
):
    mobility = abroad("PT", "Lisbon", mentor=mentor)
    Mobility.objects.filter(pk=mobility.pk).update(supervisor=supervisor)
    mobility.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        mobility_services.break_off(
            mobility, by=coordinator, reason="Heimwee", on=TODAY - datetime.timedelta(days=1)
        )

    assert told(Kind.STAY_STOPPED) == {supervisor, mentor}
    assert "Afgebroken in het buitenland" in Notification.objects.get(user=supervisor).subject


# A travel advice change


def test_a_travel_alert_names_to_each_reader_only_their_own_students(
    coordinator, supervisor, other_supervisor, mentor, django_capture_on_commit_callbacks
):
    mine = MobilityFactory.create(
        student=StudentFactory.create(first_name="Daan"), supervisor=supervisor,
        destination_country="ZA", destination_city="Kaapstad",
    )  # fmt: skip
    MobilityFactory.create(
        student=StudentFactory.create(first_name="Fleur"), supervisor=other_supervisor,
        destination_country="ZA", destination_city="Durban",
    )  # fmt: skip
    country = Country.objects.create(code="ZA", official_colour=Colour.YELLOW)

    with django_capture_on_commit_callbacks(execute=True):
        travel_services.set_manual_colour(
            country, by=coordinator, colour=Colour.ORANGE, reason="Onrust"
        )

    assert told(Kind.TRAVEL_ADVICE) == coordinators() | {supervisor, other_supervisor}
    assert mentor not in told(Kind.TRAVEL_ADVICE)
    theirs = Notification.objects.get(user=supervisor)
    assert theirs.subject == "Reisadvies voor Zuid-Afrika: oranje"
    # The other supervisor's student is not named: her city stands for her, since the
    # reader's own generated first name may be "Fleur" too ("Hallo Fleur,").
    assert "Daan (Kaapstad)" in theirs.body and "Durban" not in theirs.body
    assert mine.student.last_name not in theirs.body
    everyone = Notification.objects.get(user=coordinator).body
    assert "Daan (Kaapstad)" in everyone and "Fleur (Durban)" in everyone
