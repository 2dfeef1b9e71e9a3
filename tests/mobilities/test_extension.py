"""Extending a stay abroad (issue 15): a later planned return with a reason, in step 4, by
the coordinator or the stay's supervisor; the checklist and the grant follow."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import MobilityFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action
from wegwijzer.mobilities import lifecycle, services
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.mobilities.models import Mobility, StayExtension
from wegwijzer.mobilities.services import StaleMobilityError
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.models import Notification
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EXTENSION_ITEM = "abroad-extension"


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


def abroad(*, supervisor=None, step: int = Step.ABROAD) -> Mobility:
    """A stay that left ten days ago and returns in eighty days."""
    mobility = MobilityFactory.create(
        departure_date=days(-10), return_date=days(80), supervisor=supervisor
    )
    Mobility.objects.filter(pk=mobility.pk).update(step=step, actual_departure_date=days(-10))
    mobility.refresh_from_db()
    return mobility


def extension_item(mobility: Mobility):
    return mobility.items.filter(template_item__key=EXTENSION_ITEM).first()


def test_extending_moves_the_return_keeps_the_history_and_is_audited(coordinator):
    mobility = abroad()

    extension = services.extend_stay(
        mobility, by=coordinator, new_return=days(120), reason="Extra project at the host"
    )

    mobility.refresh_from_db()
    assert mobility.return_date == days(120) and mobility.extended
    assert mobility.step == Step.ABROAD and mobility.is_open
    assert (extension.previous_return, extension.new_return) == (days(80), days(120))
    assert extension.extended_by == coordinator
    entry = mobility.audit_entries.filter(action=Action.CHANGE).get()
    assert entry.note == "Extra project at the host"
    assert set(entry.changes) == {"return_date", "extended"}


def test_extending_makes_the_visa_and_insurance_item_appear(coordinator):
    mobility = abroad()
    assert extension_item(mobility) is None

    services.extend_stay(mobility, by=coordinator, new_return=days(120), reason="Longer")

    item = extension_item(mobility)
    assert item is not None and item.applicable and item.required
    # Its due date hangs on the new return.
    assert item.due_date == days(120 - 14)


def test_a_second_extension_adds_history_and_keeps_one_item(coordinator):
    mobility = abroad()
    services.extend_stay(mobility, by=coordinator, new_return=days(100), reason="First")
    services.extend_stay(mobility, by=coordinator, new_return=days(130), reason="Second")

    reasons = StayExtension.objects.filter(mobility=mobility).values_list("reason", flat=True)
    assert sorted(reasons) == ["First", "Second"]
    assert mobility.items.filter(template_item__key=EXTENSION_ITEM).count() == 1


def test_extending_recomputes_the_grant(coordinator, monkeypatch):
    computed = []
    monkeypatch.setattr(
        services, "recompute_grant", lambda stay, by: computed.append(stay.return_date)
    )
    mobility = abroad()

    services.extend_stay(mobility, by=coordinator, new_return=days(120), reason="Longer")

    assert computed == [days(120)]


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize(
    ("new_return", "message"),
    [
        (80, "later than the planned return"),
        (40, "later than the planned return"),
    ],
)
def test_a_return_not_later_than_the_planned_one_is_refused(coordinator, new_return, message):
    mobility = abroad()

    with pytest.raises(ValidationError, match=message):
        services.extend_stay(mobility, by=coordinator, new_return=days(new_return), reason="x")

    mobility.refresh_from_db()
    assert mobility.return_date == days(80) and not mobility.extended
    assert not StayExtension.objects.exists()


@pytest.mark.usefixtures("english_messages")
def test_the_day_rule_refuses_a_return_before_the_departure_or_in_the_past():
    mobility = abroad()
    # A stay whose planned return lies before its actual departure cannot happen in the
    # application; the rule says it anyway, as the other day rules do.
    mobility.return_date = days(-30)
    mobility.actual_departure_date = days(-10)

    assert "before the departure" in lifecycle.extension_day_error(mobility, days(-20), TODAY)
    assert "in the past" in lifecycle.extension_day_error(mobility, days(-5), TODAY)
    assert lifecycle.extension_day_error(mobility, days(5), TODAY) == ""


@pytest.mark.usefixtures("english_messages")
def test_a_reason_is_required(coordinator):
    mobility = abroad()

    with pytest.raises(ValidationError, match="reason"):
        services.extend_stay(mobility, by=coordinator, new_return=days(120), reason="  ")


@pytest.mark.usefixtures("english_messages")
@pytest.mark.parametrize("step", [Step.PREPARATION, Step.BACK_HOME])
def test_only_a_stay_abroad_is_extended(coordinator, step):
    mobility = abroad(step=step)

    with pytest.raises(ValidationError, match="step 4"):
        services.extend_stay(mobility, by=coordinator, new_return=days(120), reason="Longer")
    assert Move.EXTEND not in lifecycle.offered(mobility, user=coordinator, today=TODAY)


def test_the_stays_supervisor_extends_another_supervisor_and_the_others_do_not(
    supervisor, mentor, student
):
    mobility = abroad(supervisor=supervisor)
    other = UserFactory.create(role=Role.SUPERVISOR)

    assert Move.EXTEND in lifecycle.offered(mobility, user=supervisor, today=TODAY)
    for user in (other, mentor, student):
        assert not lifecycle.may(user, Move.EXTEND, mobility)
        with pytest.raises(PermissionDenied):
            services.extend_stay(mobility, by=user, new_return=days(120), reason="Longer")


def test_a_stale_version_changes_nothing(coordinator):
    mobility = abroad()
    version = mobility.version
    services.extend_stay(
        mobility, by=coordinator, new_return=days(100), reason="First", version=version
    )

    with pytest.raises(StaleMobilityError):
        services.extend_stay(
            mobility, by=coordinator, new_return=days(130), reason="Again", version=version
        )

    mobility.refresh_from_db()
    assert mobility.return_date == days(100)


# The control on the mobility page and its confirmation


def test_the_supervisor_extends_through_the_confirmation_page(client, supervisor):
    mobility = abroad(supervisor=supervisor)
    client.force_login(supervisor)

    page = client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    confirm_url = reverse("mobilities:confirm", args=[mobility.public_id, "extend"])
    assert confirm_url in page
    confirm = client.get(confirm_url).content.decode()
    assert 'name="new_return"' in confirm

    response = client.post(
        reverse("mobilities:extend", args=[mobility.public_id]),
        {"version": mobility.version, "confirmed": "1", "new_return": days(120).isoformat(),
         "reason": "Extra project"},
    )  # fmt: skip

    assert response.status_code == 302
    mobility.refresh_from_db()
    assert mobility.return_date == days(120) and mobility.extended


def test_a_repeated_post_is_refused_with_a_message(english, supervisor):
    mobility = abroad(supervisor=supervisor)
    english.force_login(supervisor)
    data = {"version": mobility.version, "confirmed": "1",
            "new_return": days(120).isoformat(), "reason": "Extra project"}  # fmt: skip
    url = reverse("mobilities:extend", args=[mobility.public_id])
    english.post(url, data)

    again = english.post(url, {**data, "new_return": days(150).isoformat()})

    assert "This stay changed since this page was shown" in again.content.decode()
    mobility.refresh_from_db()
    assert mobility.return_date == days(120)
    assert StayExtension.objects.count() == 1


def test_an_earlier_day_is_shown_on_the_form(english, coordinator):
    mobility = abroad()
    english.force_login(coordinator)

    response = english.post(
        reverse("mobilities:extend", args=[mobility.public_id]),
        {"version": mobility.version, "confirmed": "1", "new_return": days(50).isoformat(),
         "reason": "Extra project"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "later than the planned return" in response.content.decode()
    assert not StayExtension.objects.exists()


def test_the_students_mentor_may_not_extend(client, mentor):
    mobility = abroad()
    mobility.student.mentor = mentor
    mobility.student.save()
    client.force_login(mentor)

    response = client.post(
        reverse("mobilities:extend", args=[mobility.public_id]),
        {"version": mobility.version, "confirmed": "1", "new_return": days(120).isoformat(),
         "reason": "x"},
    )  # fmt: skip

    assert response.status_code == 403
    assert not StayExtension.objects.exists()


def test_the_student_and_the_supervisor_are_told_not_whoever_extended(supervisor, student):
    mobility = MobilityFactory.create(
        student=student.student, departure_date=days(-10), return_date=days(80),
        supervisor=supervisor,
    )  # fmt: skip
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.ABROAD)
    mobility.refresh_from_db()

    services.extend_stay(mobility, by=supervisor, new_return=days(120), reason="Longer")

    told = Notification.objects.filter(kind=Kind.STAY_EXTENDED)
    assert [notification.user for notification in told] == [student]
