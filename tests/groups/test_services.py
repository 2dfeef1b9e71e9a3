import datetime

import pytest

from tests.factories import StudentFactory, UserFactory
from tests.groups.helpers import DEPARTURE, group_with_members, make_group
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.groups import services
from wegwijzer.groups.models import GroupStay
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Anchor, Step

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


def test_adding_students_gives_each_their_own_stay_with_a_checklist(coordinator, supervisor):
    group = make_group(coordinator, staff=(supervisor,))
    students = StudentFactory.create_batch(3)

    made = services.add_members(group, by=coordinator, students=students)

    assert len(made) == 3
    for mobility in Mobility.objects.filter(group=group):
        assert mobility.items.filter(applicable=True).count() > 5
        assert (mobility.destination_city, str(mobility.destination_country)) == ("Lyon", "FR")
        assert (mobility.departure_date, mobility.return_date) == (DEPARTURE, DEPARTURE + WEEK)
        assert mobility.address_abroad == "Lycée du Parc, Lyon"
        assert mobility.supervisor == supervisor
    assert {m.student for m in made} == set(students)
    added = AuditEntry.objects.filter(object_id=str(group.public_id), action=Action.CHANGE)
    assert added.count() == 3


def test_a_student_already_in_the_group_is_not_added_twice(coordinator):
    group = make_group(coordinator)
    student = StudentFactory.create()
    services.add_members(group, by=coordinator, students=[student])

    made = services.add_members(group, by=coordinator, students=[student, student])

    assert made == []
    assert Mobility.objects.filter(student=student).count() == 1


def test_the_first_supervisor_among_the_staff_supervises_the_stays(coordinator, mentor):
    supervisor = UserFactory.create(role=Role.SUPERVISOR, last_name="Zwart")
    group = make_group(coordinator, staff=(mentor, supervisor))

    [mobility] = services.add_members(group, by=coordinator, students=[StudentFactory.create()])

    assert mobility.supervisor == supervisor


def departure_anchored_due_dates(group: GroupStay) -> list[datetime.date]:
    items = Mobility.objects.get(group=group).items.filter(
        template_item__anchor=Anchor.DEPARTURE, applicable=True
    )
    return list(items.order_by("pk").values_list("due_date", flat=True))


def test_new_group_dates_move_the_members_dates_and_due_dates(coordinator):
    group = group_with_members(coordinator, 1)
    before = departure_anchored_due_dates(group)

    change = services.update_group(
        group, by=coordinator, version=group.version,
        changes={"departure_date": DEPARTURE + WEEK, "return_date": DEPARTURE + 2 * WEEK},
    )  # fmt: skip

    member = Mobility.objects.get(group=group)
    assert (member.departure_date, member.return_date) == (DEPARTURE + WEEK, DEPARTURE + 2 * WEEK)
    # Items due close to the departure move with it (earlier ones stay at the grace floor).
    assert max(departure_anchored_due_dates(group)) == max(before) + WEEK
    assert change.updated == [member]
    assert change.skipped == []
    assert AuditEntry.objects.filter(mobility=member, action=Action.CHANGE).exists()


def test_members_who_departed_or_closed_are_not_changed_and_say_why(coordinator):
    group = group_with_members(coordinator, 3)
    departed, closed, waiting = Mobility.objects.filter(group=group).order_by("pk")
    Mobility.objects.filter(pk=departed.pk).update(
        step=Step.ABROAD, actual_departure_date=datetime.date.today()
    )
    Mobility.objects.filter(pk=closed.pk).update(outcome=Outcome.CANCELLED)

    change = services.update_group(
        group, by=coordinator, version=group.version,
        changes={"return_date": DEPARTURE + 2 * WEEK},
    )  # fmt: skip

    assert [(s.mobility, s.reason) for s in change.skipped] == [
        (departed, services.DEPARTED),
        (closed, services.CLOSED),
    ]
    returns = dict(Mobility.objects.filter(group=group).values_list("pk", "return_date"))
    assert returns == {
        departed.pk: DEPARTURE + WEEK,
        closed.pk: DEPARTURE + WEEK,
        waiting.pk: DEPARTURE + 2 * WEEK,
    }


def test_a_new_destination_is_made_in_every_members_stay(coordinator):
    group = group_with_members(coordinator, 2)

    services.update_group(
        group, by=coordinator, version=group.version,
        changes={"destination_country": "DE", "destination_city": "Berlin"},
    )  # fmt: skip

    destinations = Mobility.objects.filter(group=group).values_list(
        "destination_country", "destination_city"
    )
    assert sorted(destinations) == [("DE", "Berlin"), ("DE", "Berlin")]


def test_a_stale_group_change_changes_nothing(coordinator):
    group = group_with_members(coordinator, 1)
    services.update_group(group, by=coordinator, version=0, changes={"name": "Lyon 2027"})

    with pytest.raises(services.StaleGroupError):
        services.update_group(
            group, by=coordinator, version=0, changes={"return_date": DEPARTURE + 2 * WEEK}
        )

    group.refresh_from_db()
    assert (group.name, group.return_date, group.version) == ("Lyon 2027", DEPARTURE + WEEK, 1)
    assert Mobility.objects.get(group=group).return_date == DEPARTURE + WEEK


def test_removing_a_member_keeps_the_stay(coordinator):
    group = group_with_members(coordinator, 2)
    member = Mobility.objects.filter(group=group).first()
    assert member

    services.remove_member(group, member, by=coordinator)

    member.refresh_from_db()
    assert member.group is None
    assert member.is_open
    assert member.items.exists()
    assert Mobility.objects.filter(group=group).count() == 1
    removed = AuditEntry.objects.filter(object_id=str(group.public_id), mobility=member)
    assert "Uit de groep gehaald" in {entry.note for entry in removed}


def test_a_members_own_return_date_is_kept_when_the_groups_changes(coordinator):
    """A student who comes back earlier than the group keeps that date; the others follow."""
    group = group_with_members(coordinator, 2)
    own, other = Mobility.objects.filter(group=group).order_by("pk")
    earlier = group.return_date - datetime.timedelta(days=2)
    Mobility.objects.filter(pk=own.pk).update(return_date=earlier)

    change = services.update_group(
        group, by=coordinator, version=group.version,
        changes={"return_date": group.return_date + WEEK},
    )  # fmt: skip

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.return_date == earlier
    assert other.return_date == group.return_date + WEEK
    assert [(s.mobility, s.reason) for s in change.skipped] == [
        (own, "has dates or a destination of their own")
    ]
