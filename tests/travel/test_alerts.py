import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import MobilityFactory, UserFactory
from tests.travel.helpers import (
    SOUTH_AFRICA_ORANGE,
    SOUTH_AFRICA_RED,
    SOUTH_AFRICA_YELLOW,
    make_country,
    record,
)
from wegwijzer.accounts.models import Role
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.travel import services, tasks
from wegwijzer.travel.models import AlertRecipient, Colour, Country, TravelAlert

pytestmark = pytest.mark.django_db


@pytest.fixture
def to_south_africa(coordinator, supervisor):
    return MobilityFactory.create(
        by=coordinator, supervisor=supervisor, destination_country="ZA",
        destination_city="Cape Town",
    )  # fmt: skip


def imported(folder, *documents, capture):
    with capture(execute=True):
        return services.import_from_path(record(folder, *documents))


def test_reaching_the_threshold_tells_coordinators_and_the_mobilitys_supervisor(
    tmp_path, coordinator, supervisor, mentor, to_south_africa, django_capture_on_commit_callbacks
):
    other_supervisor = UserFactory.create(role=Role.SUPERVISOR)
    imported(tmp_path, SOUTH_AFRICA_ORANGE, capture=django_capture_on_commit_callbacks)

    alert = TravelAlert.objects.get()
    told = set(alert.recipients.values_list("user__username", flat=True))
    assert told == {coordinator.username, supervisor.username}
    assert other_supervisor.username not in told and mentor.username not in told
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator.email, supervisor.email]
    )
    assert "Zuid-Afrika" in mail.outbox[0].subject


def test_the_same_colour_imported_again_tells_nobody_again(
    tmp_path, to_south_africa, django_capture_on_commit_callbacks
):
    imported(tmp_path / "a", SOUTH_AFRICA_ORANGE, capture=django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    imported(tmp_path / "b", SOUTH_AFRICA_ORANGE, capture=django_capture_on_commit_callbacks)

    assert TravelAlert.objects.count() == 1
    assert len(mail.outbox) == sent


def test_getting_worse_beyond_the_threshold_alerts_again_and_better_does_not(
    tmp_path, to_south_africa, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    imported(tmp_path / "a", SOUTH_AFRICA_ORANGE, capture=capture)
    imported(tmp_path / "b", SOUTH_AFRICA_RED, capture=capture)
    imported(tmp_path / "c", SOUTH_AFRICA_ORANGE, capture=capture)
    imported(tmp_path / "d", SOUTH_AFRICA_YELLOW, capture=capture)

    assert list(TravelAlert.objects.order_by("pk").values_list("colour", flat=True)) == [
        Colour.ORANGE,
        Colour.RED,
    ]


def test_below_the_threshold_or_without_mobilities_in_progress_nobody_is_told(
    tmp_path, coordinator, django_capture_on_commit_callbacks
):
    closed = MobilityFactory.create(by=coordinator, destination_country="ZA")
    mobility_services.cancel_mobility(
        closed, by=coordinator, reason="Changed plans", on=datetime.date.today()
    )
    MobilityFactory.create(by=coordinator, destination_country="ES")
    imported(tmp_path, SOUTH_AFRICA_ORANGE, capture=django_capture_on_commit_callbacks)

    assert not TravelAlert.objects.exists()
    assert mail.outbox == []


def test_threshold_setting_decides(settings, tmp_path, to_south_africa,
                                   django_capture_on_commit_callbacks):  # fmt: skip
    settings.TRAVEL_ADVICE_THRESHOLD = "red"
    imported(tmp_path, SOUTH_AFRICA_ORANGE, capture=django_capture_on_commit_callbacks)

    assert not TravelAlert.objects.exists()


def test_a_manual_colour_at_the_threshold_alerts(coordinator, to_south_africa):
    country = make_country("ZA", Colour.YELLOW)

    services.set_manual_colour(country, by=coordinator, colour=Colour.ORANGE, reason="Strikes")

    assert TravelAlert.objects.get().change.reason == "Strikes"


def test_banner_shows_on_the_home_page_until_that_user_acknowledges(
    client, coordinator, supervisor, to_south_africa
):
    services.set_manual_colour(
        make_country("ZA", Colour.YELLOW), by=coordinator, colour=Colour.RED, reason="Riots"
    )
    alert = TravelAlert.objects.get()
    client.force_login(supervisor)
    assert "Reisadvies gewijzigd" in client.get(reverse("home")).content.decode()

    response = client.post(
        reverse("travel:acknowledge", args=[alert.public_id]), {"next": "/"}, follow=True
    )

    page = response.content.decode()
    assert "Reisadvies gewijzigd" not in page
    assert AlertRecipient.objects.get(user=supervisor).acknowledged_at is not None
    assert AlertRecipient.objects.get(user=coordinator).acknowledged_at is None
    client.force_login(coordinator)
    assert "Reisadvies gewijzigd" in client.get(reverse("home")).content.decode()


def test_someone_not_told_cannot_acknowledge(client, coordinator, mentor, to_south_africa):
    services.set_manual_colour(
        make_country("ZA", Colour.YELLOW), by=coordinator, colour=Colour.RED, reason="Riots"
    )
    client.force_login(mentor)

    response = client.post(
        reverse("travel:acknowledge", args=[TravelAlert.objects.get().public_id])
    )

    assert response.status_code == 404


def test_each_affected_mobility_shows_the_warning(client, english, student, coordinator):
    mobility = MobilityFactory.create(
        by=coordinator, student=student.student, destination_country="ZA"
    )
    make_country("ZA", Colour.ORANGE)
    english.force_login(student)

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert "The travel advice for South Africa is" in page
    assert "orange" in page


def test_a_mobility_below_the_threshold_shows_no_warning(english, coordinator):
    mobility = MobilityFactory.create(by=coordinator, destination_country="ES")
    make_country("ES", Colour.YELLOW)
    english.force_login(coordinator)

    page = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    assert "The travel advice for" not in page


def test_daily_import_plans_the_next_morning_once_on_the_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    tasks.schedule_import()
    tasks.schedule_import()

    waiting = DBTaskResult.objects.get(task_path=tasks.import_travel_advice.module_path)
    assert timezone.localtime(waiting.run_after).time() == tasks.RUN_AT
    assert waiting.run_after > timezone.now()


def test_daily_import_task_imports_from_the_service(monkeypatch):
    monkeypatch.setattr(
        services, "import_from_service",
        lambda: services.import_from_path(record_for_task()),
    )  # fmt: skip

    complete = tasks.import_travel_advice.enqueue().return_value

    assert complete is True
    assert Country.objects.get(code="ZA").colour == Colour.ORANGE


def record_for_task():
    from wegwijzer.travel.demo import RECORDED

    return RECORDED
