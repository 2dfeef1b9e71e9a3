"""Each gate of wegwijzer/access.py, for each role.

The URL walk (test_url_access.py) checks what the pages answer; these tests check the
querysets and rules behind them, on data with something of everyone's.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.documents.samples import PDF, upload
from tests.factories import HostCompanyFactory, MobilityFactory, StudentFactory, UserFactory
from wegwijzer import access
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import AuditEntry
from wegwijzer.budgets import services as budget_services
from wegwijzer.budgets.models import Category, Frequency, Kind
from wegwijzer.documents.models import Document
from wegwijzer.documents.services import store_document
from wegwijzer.funding.models import GrantAgreement
from wegwijzer.mobilities import lifecycle
from wegwijzer.mobilities.lifecycle import Move
from wegwijzer.mobilities.models import ChecklistItem, Mobility, Outcome
from wegwijzer.programmes.models import Step


@dataclass
class School:
    coordinator: User
    supervisor: User
    mentor: User
    student: User
    mine: Mobility  # the student's, supervised by the supervisor, mentored by the mentor
    theirs: Mobility  # another student's, with another supervisor and mentor


def _document(mobility: Mobility, by: User) -> Document:
    return store_document(
        by=by,
        mobility=mobility,
        item=None,
        upload=upload("plan.pdf", PDF),
        content_type="application/pdf",
    )


@pytest.fixture
def school(db) -> School:
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    supervisor = UserFactory.create(role=Role.SUPERVISOR)
    mentor = UserFactory.create(role=Role.MENTOR)
    student = UserFactory.create(role=Role.STUDENT)
    mine = MobilityFactory.create(
        student=StudentFactory.create(user=student, mentor=mentor), supervisor=supervisor
    )
    theirs = MobilityFactory.create(
        student=StudentFactory.create(mentor=UserFactory.create(role=Role.MENTOR)),
        supervisor=UserFactory.create(role=Role.SUPERVISOR),
    )
    for mobility in (mine, theirs):
        _document(mobility, coordinator)
    return School(coordinator, supervisor, mentor, student, mine, theirs)


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_a_supervisor_mentor_or_student_sees_only_their_own_mobility(school, role):
    user = getattr(school, role)

    assert list(access.visible_mobilities(user)) == [school.mine]
    assert list(access.visible_students(user)) == [school.mine.student]
    assert [d.mobility for d in access.visible_documents(user)] == [school.mine]
    assert access.mobility_for(user, school.mine.public_id) == school.mine
    with pytest.raises(Http404):
        access.mobility_for(user, school.theirs.public_id)
    with pytest.raises(Http404):
        access.student_for(user, school.theirs.student.public_id)
    with pytest.raises(Http404):
        access.item_for(user, school.theirs.items.first().public_id)
    with pytest.raises(Http404):
        access.document_for(user, school.theirs.documents.get().public_id)


def test_the_coordinator_sees_every_mobility_student_and_document(school):
    user = school.coordinator

    assert set(access.visible_mobilities(user)) == {school.mine, school.theirs}
    assert set(access.visible_students(user)) == {school.mine.student, school.theirs.student}
    assert access.visible_documents(user).count() == 2


def test_a_user_with_an_unknown_role_sees_nothing(school):
    nobody = UserFactory.create(role="")

    assert not access.visible_mobilities(nobody).exists()
    assert not access.visible_students(nobody).exists()
    assert not access.visible_documents(nobody).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coordinator", True), ("supervisor", False), ("mentor", False), ("student", False)],
)
def test_only_the_coordinator_manages_the_school_and_decides(school, role, allowed):
    user = getattr(school, role)
    host = HostCompanyFactory.create()
    programme = school.mine.student.programme

    assert access.can_manage_school(user) is allowed
    assert access.can_decide(user, school.mine) is allowed
    if allowed:
        assert access.host_for(user, host.public_id) == host
        assert access.programme_for(user, programme.public_id) == programme
    else:
        with pytest.raises(PermissionDenied):
            access.host_for(user, host.public_id)
        with pytest.raises(PermissionDenied):
            access.programme_for(user, programme.public_id)


@pytest.mark.parametrize("role", ["coordinator", "supervisor", "mentor", "student"])
def test_only_the_coordinator_breaks_off_and_only_a_stay_under_way_abroad(school, role):
    user = getattr(school, role)
    mobility = school.mine

    today = mobility.departure_date

    def may_break_off() -> bool:
        return not lifecycle.why_not(Move.BREAK_OFF, mobility, user=user, today=today)

    assert not may_break_off()  # still in orientation
    mobility.step = Step.ABROAD
    assert may_break_off() is (role == "coordinator")
    mobility.outcome = Outcome.BROKEN_OFF
    assert not may_break_off()


def _item(mobility: Mobility, owners: list[str], *, required: bool = True) -> ChecklistItem:
    item = mobility.items.filter(owners=owners).first() or mobility.items.first()
    assert item is not None
    item.owners, item.required = owners, required
    return item


@pytest.mark.parametrize(
    ("role", "owners", "may_change"),
    [
        ("student", ["student"], True),
        ("student", ["mentor"], False),
        ("student", ["coordinator"], False),
        ("mentor", ["mentor"], True),
        ("mentor", ["student"], False),
        ("supervisor", ["supervisor"], True),
        ("supervisor", ["host"], True),  # the supervisor records what the host did
        ("supervisor", ["guardian"], False),
        ("coordinator", ["guardian"], True),  # and the coordinator what a guardian did
        ("coordinator", ["student"], True),
    ],
)
def test_an_item_is_changed_by_the_people_it_is_for(school, role, owners, may_change):
    assert access.can_change_item(getattr(school, role), _item(school.mine, owners)) is may_change


@pytest.mark.parametrize("role", ["student", "mentor", "supervisor"])
def test_a_required_item_is_waived_by_the_coordinator_only(school, role):
    own = {"student": "student", "mentor": "mentor", "supervisor": "supervisor"}[role]
    user = getattr(school, role)

    assert not access.can_waive_item(user, _item(school.mine, [own], required=True))
    assert access.can_waive_item(user, _item(school.mine, [own], required=False))
    assert access.can_waive_item(school.coordinator, _item(school.mine, [own], required=True))


def test_require_refuses_with_permission_denied():
    access.require(True)
    with pytest.raises(PermissionDenied):
        access.require(False)


@pytest.mark.parametrize(
    ("role", "sees_mine"),
    [("coordinator", True), ("supervisor", True), ("mentor", False), ("student", False)],
)
def test_a_grant_is_seen_by_the_coordinator_and_the_stays_supervisor(school, role, sees_mine):
    user = getattr(school, role)

    assert access.can_see_grant(user, school.mine) is sees_mine
    assert access.can_see_grant(user, school.theirs) is (role == "coordinator")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coordinator", True), ("supervisor", False), ("mentor", False), ("student", False)],
)
def test_erasmus_totals_of_an_agreement_are_the_coordinators_only(school, role, allowed):
    user = getattr(school, role)
    agreement = GrantAgreement.objects.create(
        name="Accreditatie", project_number="2024-1-NL01-KA121-VET-000000001", call_year=2024,
        start=datetime.date(2024, 6, 1), end=datetime.date(2026, 5, 31), budget=Decimal(1000),
    )  # fmt: skip

    assert access.can_see_erasmus_totals(user) is allowed
    if allowed:
        assert access.grant_agreement_for(user, agreement.public_id) == agreement
        with pytest.raises(Http404):
            access.grant_agreement_for(user, uuid.uuid4())
    else:
        with pytest.raises(PermissionDenied):
            access.grant_agreement_for(user, agreement.public_id)


@pytest.mark.parametrize(
    ("role", "sees_mine", "edits_mine"),
    [
        ("coordinator", True, True),
        ("supervisor", True, False),
        ("mentor", False, False),
        ("student", True, True),
    ],
)
def test_a_budget_is_the_students_and_seen_by_the_coordinator_and_supervisor(
    school, role, sees_mine, edits_mine
):
    user = getattr(school, role)

    assert access.can_see_budget(user, school.mine) is sees_mine
    assert access.can_see_budget(user, school.theirs) is (role == "coordinator")
    assert access.can_edit_budget(user, school.mine) is edits_mine
    assert access.can_edit_budget(user, school.theirs) is (role == "coordinator")


@pytest.mark.parametrize("role", ["coordinator", "student"])
def test_a_closed_mobilitys_budget_is_changed_by_nobody(school, role):
    school.mine.outcome = Outcome.COMPLETED

    assert access.can_see_budget(getattr(school, role), school.mine)
    assert not access.can_edit_budget(getattr(school, role), school.mine)


@pytest.mark.parametrize(
    ("role", "sees_mine"),
    [("coordinator", True), ("supervisor", True), ("mentor", False), ("student", True)],
)
def test_budget_changes_are_in_the_history_of_those_who_see_the_budget(school, role, sees_mine):
    for mobility in (school.mine, school.theirs):
        budget_services.add_line(
            mobility, by=school.coordinator, kind=Kind.COST, category=Category.TRAVEL,
            amount=Decimal(100), frequency=Frequency.ONCE,
        )  # fmt: skip
    entries = AuditEntry.objects.filter(object_type="budgets.budgetline")

    shown = access.without_hidden_budgets(getattr(school, role), entries)

    assert shown.filter(mobility=school.mine).exists() is sees_mine
    assert shown.filter(mobility=school.theirs).exists() is (role == "coordinator")


@pytest.mark.parametrize(
    ("role", "sees_mine"),
    [("coordinator", True), ("supervisor", True), ("mentor", False), ("student", True)],
)
def test_the_student_payments_are_seen_by_the_student_coordinator_and_supervisor(
    school, role, sees_mine
):
    user = getattr(school, role)

    assert access.can_see_student_payments(user, school.mine) is sees_mine
    assert access.can_see_student_payments(user, school.theirs) is (role == "coordinator")


@pytest.mark.parametrize(
    ("role", "manages"),
    [("coordinator", True), ("supervisor", False), ("mentor", False), ("student", False)],
)
def test_payments_and_the_grant_policy_are_managed_by_the_coordinator_only(school, role, manages):
    assert access.can_manage_payments(getattr(school, role)) is manages


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_payment_for_refuses_anyone_but_the_coordinator(school, role):
    with pytest.raises(PermissionDenied):
        access.payment_for(getattr(school, role), "00000000-0000-0000-0000-000000000000")
    with pytest.raises(Http404):
        access.payment_for(school.coordinator, "00000000-0000-0000-0000-000000000000")


@pytest.mark.parametrize(
    ("role", "sees_mine"),
    [("coordinator", True), ("supervisor", True), ("mentor", False), ("student", False)],
)
def test_grant_and_payment_entries_are_left_out_of_the_history_of_who_may_not_see_the_grant(
    school, role, sees_mine
):
    for mobility in (school.mine, school.theirs):
        for object_type in ("funding.mobilitygrant", "funding.payment", "mobilities.mobility"):
            AuditEntry.objects.create(
                actor_label="x", action="change", object_type=object_type, object_id="1",
                mobility=mobility,
            )  # fmt: skip
    user = getattr(school, role)

    shown = access.without_hidden_funding(user, AuditEntry.objects.all())

    funding = {
        (entry.mobility_id, entry.object_type)
        for entry in shown.filter(object_type__startswith="funding.")
    }
    mine = {(school.mine.pk, "funding.mobilitygrant"), (school.mine.pk, "funding.payment")}
    theirs = {(school.theirs.pk, "funding.mobilitygrant"), (school.theirs.pk, "funding.payment")}
    assert funding == (mine if sees_mine else set()) | (theirs if role == "coordinator" else set())
    assert shown.filter(object_type="mobilities.mobility", actor_label="x").count() == 2


@pytest.mark.parametrize(
    ("role", "sets", "asks", "chooses_card"),
    [
        ("coordinator", True, False, False),
        ("supervisor", False, False, False),
        ("mentor", True, True, False),
        ("student", False, False, True),
    ],
)
def test_interest_is_noted_by_mentor_and_coordinator_and_the_card_chosen_by_the_student(
    school, role, sets, asks, chooses_card
):
    user = getattr(school, role)
    mine, theirs = school.mine.student, school.theirs.student

    assert access.can_set_abroad_interest(user, mine) is sets
    assert access.can_set_abroad_interest(user, theirs) is (role == "coordinator")
    assert access.can_ask_for_stay(user, mine) is asks
    assert access.can_ask_for_stay(user, theirs) is False
    assert access.can_choose_medical_on_card(user, mine) is chooses_card
    assert access.can_choose_medical_on_card(user, theirs) is False
