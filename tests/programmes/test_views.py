import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OwnTemplateItemFactory, ProgrammeFactory, StudentFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.programmes.models import Programme

pytestmark = pytest.mark.django_db

NOT_COORDINATORS = ["supervisor", "mentor", "student"]


def form_data(**overrides):
    return {
        "name": "Zelfstandig werkend kok", "qualification_code": "25181", "level": "3",
        "assessment_scale": "grade",
    } | overrides  # fmt: skip


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_programme_list_shows_programmes_with_their_students(english, coordinator):
    programme = ProgrammeFactory.create(name="Mediavormgever", qualification_code="25591")
    StudentFactory.create_batch(2, programme=programme)
    OwnTemplateItemFactory.create(programme=programme)
    english.force_login(coordinator)

    response = english.get(reverse("programmes:list"))

    [shown] = response.context["programmes"]
    assert (shown.student_count, shown.own_item_count) == (2, 1)
    content = response.content.decode()
    assert "Mediavormgever" in content and "25591" in content
    assert reverse("programmes:checklist", args=[programme.public_id]) in content


def test_programme_list_queries_do_not_grow_with_the_programmes(client, coordinator):
    ProgrammeFactory.create_batch(5)
    client.force_login(coordinator)
    few = count_queries(client, reverse("programmes:list"))

    for programme in ProgrammeFactory.create_batch(95):
        OwnTemplateItemFactory.create(programme=programme)
    many = count_queries(client, reverse("programmes:list"))

    assert Programme.objects.count() == 100
    assert few == many


@pytest.mark.parametrize("role", NOT_COORDINATORS)
def test_programme_pages_are_for_coordinators_only(client, request, role):
    programme = ProgrammeFactory.create(name="Hidden Programme")
    client.force_login(request.getfixturevalue(role))

    pages = [
        client.get(reverse("programmes:list")),
        client.get(reverse("programmes:create")),
        client.get(reverse("programmes:edit", args=[programme.public_id])),
        client.get(reverse("programmes:checklist", args=[programme.public_id])),
        client.get(reverse("programmes:item_create", args=[programme.public_id])),
    ]

    assert [page.status_code for page in pages] == [403] * 5
    assert all("Hidden Programme" not in page.content.decode() for page in pages)


def test_coordinator_creates_a_programme(english, coordinator):
    english.force_login(coordinator)

    response = english.post(reverse("programmes:create"), form_data(), follow=True)

    programme = Programme.objects.get()
    assert (programme.qualification_code, programme.level) == ("25181", 3)
    assert "Zelfstandig werkend kok (level 3) was added." in response.content.decode()
    assert AuditEntry.objects.filter(object_id=str(programme.public_id), action="create").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"qualification_code": "2518"}, "qualification_code",
         "A qualification code has five digits."),
        ({"qualification_code": "2518a"}, "qualification_code",
         "A qualification code has five digits."),
        ({"qualification_code": "25000"}, "qualification_code",
         "Programme with this Qualification code already exists."),
        ({"level": "0"}, "level", "Ensure this value is greater than or equal to 1."),
        ({"level": "5"}, "level", "Ensure this value is less than or equal to 4."),
    ],
)  # fmt: skip
def test_bad_programme_input_is_refused_with_a_message_and_nothing_saved(
    english, coordinator, overrides, field, message
):
    ProgrammeFactory.create(qualification_code="25000")
    english.force_login(coordinator)

    response = english.post(reverse("programmes:create"), form_data(**overrides))

    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert Programme.objects.count() == 1


def test_coordinator_edits_a_programme_and_the_change_is_audited(english, coordinator):
    programme = ProgrammeFactory.create(level=3)
    english.force_login(coordinator)

    response = english.post(
        reverse("programmes:edit", args=[programme.public_id]),
        form_data(name=programme.name, qualification_code=programme.qualification_code, level=4),
        follow=True,
    )

    programme.refresh_from_db()
    assert programme.level == 4
    assert "The changes were saved." in response.content.decode()
    entry = AuditEntry.objects.get(object_id=str(programme.public_id), action="change")
    assert entry.changes == {"level": ["3", "4"]}


def test_a_programme_says_how_it_assesses_a_stay_abroad(english, coordinator):
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    english.post(
        reverse("programmes:edit", args=[programme.public_id]),
        form_data(
            name=programme.name, qualification_code=programme.qualification_code,
            level=programme.level, assessment_scale="pass_fail",
        ),
    )  # fmt: skip

    programme.refresh_from_db()
    assert programme.assessment_scale == "pass_fail"


def test_edit_keeps_the_programme_when_the_code_is_bad(english, coordinator):
    programme = ProgrammeFactory.create(qualification_code="25111")
    english.force_login(coordinator)

    response = english.post(
        reverse("programmes:edit", args=[programme.public_id]),
        form_data(qualification_code="1"),
    )

    programme.refresh_from_db()
    assert "A qualification code has five digits." in response.content.decode()
    assert programme.qualification_code == "25111"
