import datetime

import pytest
from django.urls import reverse

from tests.factories import EmergencyContactFactory, StudentFactory, UserFactory
from tests.groups.helpers import DEPARTURE, group_with_members, make_group
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.groups import services
from wegwijzer.groups.models import GroupStay
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


def form_data(**changes: object) -> dict[str, object]:
    return {
        "name": "Uitwisseling Lyon VZ3A",
        "type": "class_exchange",
        "destination_country": "FR",
        "destination_city": "Lyon",
        "departure_date": DEPARTURE.isoformat(),
        "return_date": (DEPARTURE + WEEK).isoformat(),
        "address_abroad": "Lycée du Parc",
        "notes": "",
    } | changes


def test_coordinator_makes_a_group_and_adds_students_by_number_and_class(
    client, coordinator, supervisor
):
    client.force_login(coordinator)
    response = client.post(reverse("groups:create"), form_data(staff=[supervisor.pk]), follow=True)
    group = GroupStay.objects.get()
    assert list(group.staff.all()) == [supervisor]
    assert "Studenten aan de groep toevoegen" in response.content.decode()
    by_number = StudentFactory.create(student_number="700001")
    in_class = StudentFactory.create_batch(2, class_name="VZ3A")

    response = client.post(
        reverse("groups:add-members", args=[group.public_id]),
        {"student_numbers": "700001", "class_name": "vz3a"},
        follow=True,
    )

    members = Mobility.objects.filter(group=group)
    assert {m.student for m in members} == {by_number, *in_class}
    page = response.content.decode()
    for mobility in members:
        assert reverse("mobilities:detail", args=[mobility.public_id]) in page


def test_unknown_student_numbers_are_named_and_nobody_is_added(client, coordinator):
    group = make_group(coordinator)
    StudentFactory.create(student_number="700001")
    client.force_login(coordinator)

    response = client.post(
        reverse("groups:add-members", args=[group.public_id]),
        {"student_numbers": "700001, 799999"},
    )

    assert "799999" in response.content.decode()
    assert not Mobility.objects.filter(group=group).exists()


def test_a_stale_group_edit_is_refused_and_changes_nothing(client, coordinator):
    group = group_with_members(coordinator, 1)
    services.update_group(group, by=coordinator, version=0, changes={"name": "Lyon 2027"})
    client.force_login(coordinator)

    response = client.post(
        reverse("groups:edit", args=[group.public_id]),
        form_data(version=0, return_date=(DEPARTURE + 2 * WEEK).isoformat()),
    )

    assert "Deze groep is veranderd" in response.content.decode()
    assert Mobility.objects.get(group=group).return_date == DEPARTURE + WEEK


def test_editing_the_dates_tells_which_members_were_not_changed(client, coordinator):
    group = group_with_members(coordinator, 2)
    departed = Mobility.objects.filter(group=group).order_by("pk").first()
    assert departed
    Mobility.objects.filter(pk=departed.pk).update(step=Step.ABROAD)
    client.force_login(coordinator)

    response = client.post(
        reverse("groups:edit", args=[group.public_id]),
        form_data(version=0, return_date=(DEPARTURE + 2 * WEEK).isoformat()),
        follow=True,
    )

    page = response.content.decode()
    assert f"Niet veranderd: {departed.student.full_name} (is vertrokken)" in page
    assert "1 reis van een student is meeveranderd" in page


def test_removing_asks_first_and_keeps_the_stay(client, coordinator):
    group = group_with_members(coordinator, 1)
    member = Mobility.objects.get(group=group)
    url = reverse("groups:remove-member", args=[group.public_id, member.public_id])
    client.force_login(coordinator)

    asked = client.get(url)

    assert member.student.full_name in asked.content.decode()
    assert Mobility.objects.filter(group=group).count() == 1

    client.post(url)

    member.refresh_from_db()
    assert member.group is None
    assert member.is_open


def test_group_page_shows_each_members_step(client, coordinator):
    group = group_with_members(coordinator, 2)
    first, second = Mobility.objects.filter(group=group).order_by("pk")
    Mobility.objects.filter(pk=second.pk).update(step=Step.PREPARATION)
    client.force_login(coordinator)

    page = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()

    assert f"{first.student.full_name}</a></td>" in page
    assert "1. Voorlichting" in page
    assert "3. Voorbereiding" in page


def test_group_page_costs_the_same_for_5_and_30_members(
    client, coordinator, django_assert_max_num_queries
):
    small, large = group_with_members(coordinator, 5), group_with_members(coordinator, 30)
    client.force_login(coordinator)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("groups:detail", args=[small.public_id]))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("groups:detail", args=[large.public_id]))

    assert response.content.decode().count("/mobilities/") >= 30


def test_emergency_sheet_lists_every_participant_with_insurance(client, coordinator, supervisor):
    group = group_with_members(coordinator, 3)
    group.staff.add(supervisor)
    members = list(Mobility.objects.filter(group=group).select_related("student"))
    for member in members:
        member.student.health_insurer = "Zilveren Kruis"
        member.student.insurance_number = f"POLIS-{member.student.student_number}"
        member.student.save(update_fields=["health_insurer", "insurance_number"])
        EmergencyContactFactory.create(student=member.student, name=f"Ouder {member.pk}")
    client.force_login(coordinator)

    page = client.get(reverse("groups:emergency-sheet", args=[group.public_id])).content.decode()

    for member in members:
        assert member.student.full_name in page
        assert f"POLIS-{member.student.student_number}" in page
        assert f"Ouder {member.pk}" in page
    assert str(supervisor) in page
    viewed = AuditEntry.objects.get(action=Action.VIEW, object_id=str(group.public_id))
    assert "3" in viewed.note


def test_emergency_sheet_gives_accompanying_staff_every_participants_people_at_home(
    client, coordinator
):
    """On the trip the accompanying teachers answer for every participant: the sheet lists
    all members with their people at home and insurance, also the stays they do not
    supervise (a second supervisor, a mentor); each look is audited."""
    lead, second = UserFactory.create_batch(2, role=Role.SUPERVISOR)
    mentor = UserFactory.create(role=Role.MENTOR)
    group = make_group(coordinator, staff=(lead, second, mentor))
    student = StudentFactory.create(insurance_number="POLIS-123")
    EmergencyContactFactory.create(student=student, name="Oom Karel")
    services.add_members(group, by=coordinator, students=[student])
    for reader in (second, mentor):
        client.force_login(reader)
        sheet = reverse("groups:emergency-sheet", args=[group.public_id])
        page = client.get(sheet).content.decode()

        assert student.full_name in page
        assert "POLIS-123" in page
        assert "Oom Karel" in page
        detail = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()
        assert student.full_name in detail
    assert AuditEntry.objects.filter(actor=mentor, object_id=str(group.public_id)).exists()


def test_emergency_sheet_hides_people_at_home_from_staff_who_do_not_accompany(client, coordinator):
    mentor = UserFactory.create(role=Role.MENTOR)
    group = make_group(coordinator, staff=(mentor,))
    student = StudentFactory.create(insurance_number="POLIS-GEHEIM")
    services.add_members(group, by=coordinator, students=[student])
    group.staff.remove(mentor)
    client.force_login(mentor)

    response = client.get(reverse("groups:emergency-sheet", args=[group.public_id]))

    assert response.status_code == 404


def test_accompanying_staff_see_the_group_others_do_not(client, coordinator, supervisor):
    group = group_with_members(coordinator, 1)
    url = reverse("groups:detail", args=[group.public_id])
    client.force_login(supervisor)

    assert client.get(url).status_code == 404
    assert "Uitwisseling Lyon" not in client.get(reverse("groups:list")).content.decode()

    group.staff.add(supervisor)

    assert client.get(url).status_code == 200
    assert "Uitwisseling Lyon" in client.get(reverse("groups:list")).content.decode()
    assert client.get(reverse("groups:edit", args=[group.public_id])).status_code == 403


def test_a_student_does_not_see_group_pages(client, coordinator, student):
    group = make_group(coordinator)
    client.force_login(student)

    assert client.get(reverse("groups:list")).status_code == 403
    assert client.get(reverse("groups:detail", args=[group.public_id])).status_code == 404


def test_a_members_mobility_page_links_to_the_group(client, coordinator):
    group = group_with_members(coordinator, 1)
    member = Mobility.objects.get(group=group)
    client.force_login(coordinator)

    page = client.get(reverse("mobilities:detail", args=[member.public_id])).content.decode()

    assert reverse("groups:detail", args=[group.public_id]) in page


def test_group_page_shows_whose_guardian_consent_is_missing(client, coordinator):
    group = make_group(coordinator)
    minor = StudentFactory.create(date_of_birth=DEPARTURE - datetime.timedelta(days=16 * 365))
    adult = StudentFactory.create(date_of_birth=DEPARTURE - datetime.timedelta(days=20 * 365))
    services.add_members(group, by=coordinator, students=[minor, adult])
    client.force_login(coordinator)

    page = client.get(reverse("groups:detail", args=[group.public_id])).content.decode()

    rows = {name: page.split(name, 1)[1].split("</tr>", 1)[0] for name in
            (minor.full_name, adult.full_name)}  # fmt: skip
    assert "nog niet gegeven" in rows[minor.full_name]
    assert "niet nodig" in rows[adult.full_name]


def test_group_list_costs_the_same_for_few_and_many_groups(
    client, coordinator, django_assert_max_num_queries
):
    make_group(coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("groups:list"))
    for number in range(20):
        make_group(coordinator, name=f"Stedenreis {number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("groups:list"))

    assert "Stedenreis 19" in response.content.decode()


def test_emergency_sheet_costs_the_same_for_few_and_many_participants(
    client, coordinator, django_assert_max_num_queries
):
    small, large = group_with_members(coordinator, 2), group_with_members(coordinator, 12)
    for mobility in Mobility.objects.filter(group=large).select_related("student"):
        EmergencyContactFactory.create(student=mobility.student)
    client.force_login(coordinator)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("groups:emergency-sheet", args=[small.public_id]))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("groups:emergency-sheet", args=[large.public_id]))

    assert response.content.decode().count("<tr>") == 13


def test_a_members_own_page_names_the_group_without_a_link_for_the_student(client, coordinator):
    student_user = UserFactory.create(role=Role.STUDENT)
    student = StudentFactory.create(user=student_user)
    group = make_group(coordinator)
    services.add_members(group, by=coordinator, students=[student])
    member = Mobility.objects.get(group=group)
    client.force_login(student_user)

    page = client.get(reverse("mobilities:detail", args=[member.public_id])).content.decode()

    assert "Uitwisseling Lyon VZ3A" in page
    assert reverse("groups:detail", args=[group.public_id]) not in page
