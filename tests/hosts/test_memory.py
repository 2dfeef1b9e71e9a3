"""A host company's memory (issue 15): its page, contacts, recognitions, the students' view
of it, the filters of the list and the warning of an expired recognition."""

import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import HostCompanyFactory, MobilityFactory, ProgrammeFactory, StudentFactory
from tests.links.helpers import make_link
from wegwijzer.audit.models import AuditEntry
from wegwijzer.care.models import Incident
from wegwijzer.contacts.models import ContactEntry
from wegwijzer.hosts import services
from wegwijzer.hosts.models import HostContact, HostRecognition, HostReview
from wegwijzer.links.models import Purpose
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.privacy.erasure import erase_student
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def page(host):
    return reverse("hosts:detail", args=[host.public_id])


def stay(host, **facts):
    return MobilityFactory.create(host_company=host, **facts)


def incident(mobility):
    return Incident.objects.create(
        mobility=mobility, kind="illness", severity="minor", occurred_on=TODAY,
        description="Flu.",
    )  # fmt: skip


# The host page


def test_host_page_shows_the_companys_memory(english, coordinator):
    host = HostCompanyFactory.create(name="Hotel Mar Azul", contact_name="Lucía Martínez")
    HostContact.objects.create(host=host, name="Jonas Becker", role="practical trainer")
    programme = ProgrammeFactory.create(name="Kok")
    HostRecognition.objects.create(
        host=host, programme=programme, sbb_number="1234567",
        valid_until=TODAY - datetime.timedelta(days=1),
    )  # fmt: skip
    done = stay(host, outcome=Outcome.COMPLETED, step=Step.BACK_HOME)
    incident(done)
    make_link(
        done, Purpose.HOST_EVALUATION, used_at=timezone.now(), submitted_name="Luis Ortega",
        answers={"overall": "good", "welcomes_more": "yes", "strengths": "Punctual."},
    )  # fmt: skip
    HostReview.objects.create(
        mobility=done, host=host, rating=4, recommends=True, comment="Great kitchen."
    )
    english.force_login(coordinator)

    response = english.get(page(host))

    content = response.content.decode()
    assert "Jonas Becker" in content and "practical trainer" in content
    assert "1234567" in content and "expired" in content
    assert escape(done.student.full_name) in content and "Completed" in content
    assert "Punctual." in content and "Great kitchen." in content
    assert "4.0 out of 5, from 1 student" in content
    assert response.context["incident_count"] == 1
    # The spot for the contact log's average wellbeing, filled after the merge.
    assert response.context["average_wellbeing"] is None
    assert "Average wellbeing" not in content


def test_supervisor_sees_only_their_own_stays_and_reviews_but_no_edit_buttons(english, supervisor):
    host = HostCompanyFactory.create()
    own = stay(host, supervisor=supervisor, step=Step.BACK_HOME)
    other = stay(host)
    HostReview.objects.create(mobility=other, host=host, rating=1, recommends=False, comment="Bad.")
    english.force_login(supervisor)

    response = english.get(page(host))

    content = response.content.decode()
    assert [m.pk for m in response.context["stays"]] == [own.pk]
    assert escape(other.student.full_name) not in content and "Bad." not in content
    assert reverse("hosts:edit", args=[host.public_id]) not in content
    assert reverse("hosts:contact_create", args=[host.public_id]) not in content


def test_host_page_shows_the_average_wellbeing_of_the_stays_the_reader_may_see(
    english, coordinator, supervisor
):
    host = HostCompanyFactory.create()
    own, other = stay(host, supervisor=supervisor), stay(host)
    for mobility, scores in ((own, (4, 5)), (other, (1,))):
        for score in scores:
            ContactEntry.objects.create(
                mobility=mobility, held_on=TODAY, channel="video", wellbeing=score
            )

    english.force_login(coordinator)
    assert "3.3 out of 5" in english.get(page(host)).content.decode()  # (4 + 5 + 1) / 3
    english.force_login(supervisor)
    assert "4.5 out of 5" in english.get(page(host)).content.decode()  # their own student


@pytest.mark.parametrize("role", ["mentor", "student"])
def test_host_page_is_refused_to_mentors_and_students(client, request, role):
    host = HostCompanyFactory.create(name="Hidden Host")
    client.force_login(request.getfixturevalue(role))

    response = client.get(page(host))

    assert response.status_code == 403 and "Hidden Host" not in response.content.decode()


def test_host_page_lists_stays_newest_first_twenty_a_page(english, coordinator):
    host = HostCompanyFactory.create()
    for days in range(22):
        stay(host, departure_date=TODAY + datetime.timedelta(days=days))
    english.force_login(coordinator)

    first = english.get(page(host)).context["stays"]
    second = english.get(page(host), {"page": 2}).context["stays"]

    assert len(first.object_list) == 20 and len(second.object_list) == 2
    assert first.object_list[0].departure_date == TODAY + datetime.timedelta(days=21)


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def _fill(host, count):
    for _ in range(count):
        mobility = stay(host, step=Step.BACK_HOME)
        incident(mobility)
        make_link(
            mobility, Purpose.HOST_EVALUATION, used_at=timezone.now(), submitted_name="Luis",
            answers={"overall": "good"},
        )  # fmt: skip
        HostReview.objects.create(mobility=mobility, host=host, rating=3, recommends=True)
        HostContact.objects.create(host=host, name=f"Contact {mobility.pk}")
        HostRecognition.objects.create(host=host, programme=ProgrammeFactory.create())


def test_host_page_queries_do_not_grow_with_its_stays(
    client, coordinator, django_assert_max_num_queries
):
    host = HostCompanyFactory.create()
    _fill(host, 2)
    client.force_login(coordinator)
    with django_assert_max_num_queries(30) as few:
        client.get(page(host))

    _fill(host, 25)
    with django_assert_max_num_queries(len(few)):
        assert client.get(page(host)).status_code == 200


def test_host_list_queries_do_not_grow_with_recognitions(
    client, coordinator, django_assert_max_num_queries
):
    for host in HostCompanyFactory.create_batch(3):
        HostRecognition.objects.create(host=host, programme=ProgrammeFactory.create())
    client.force_login(coordinator)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("hosts:list"))

    for host in HostCompanyFactory.create_batch(40, sector="Zorg"):
        HostRecognition.objects.create(host=host, programme=ProgrammeFactory.create())
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("hosts:list")).status_code == 200


# The list's filters


def test_host_list_filters_by_sector_and_welcome_and_keeps_them_in_the_pages(english, coordinator):
    HostCompanyFactory.create(name="Care Welcome", sector="Zorg")
    HostCompanyFactory.create(name="Care Closed", sector="Zorg", welcomes_students=False)
    HostCompanyFactory.create(name="Kitchen", sector="Horeca")
    HostCompanyFactory.create_batch(30, sector="Zorg")
    english.force_login(coordinator)

    closed = english.get(reverse("hosts:list"), {"sector": "Zorg", "welcomes": "no"})
    welcome = english.get(reverse("hosts:list"), {"sector": "Zorg", "welcomes": "yes"})

    assert [h.name for h in closed.context["page"]] == ["Care Closed"]
    assert welcome.context["page"].paginator.count == 31
    assert "sector=Zorg&amp;welcomes=yes&amp;page=2" in welcome.content.decode()
    assert 'name="sector" value="Zorg"' in welcome.content.decode()


# Contacts


def test_coordinator_adds_edits_and_removes_a_contact_audited(english, coordinator):
    host = HostCompanyFactory.create()
    english.force_login(coordinator)

    english.post(
        reverse("hosts:contact_create", args=[host.public_id]),
        {"name": "Jonas Becker", "role": "practical trainer", "email": "jonas@example.de"},
    )
    contact = HostContact.objects.get(host=host)
    english.post(
        reverse("hosts:contact_edit", args=[contact.public_id]),
        {"name": "Jonas Becker", "role": "chef", "email": "jonas@example.de", "version": 1},
    )
    contact.refresh_from_db()
    stale = english.post(
        reverse("hosts:contact_edit", args=[contact.public_id]),
        {"name": "Jonas Becker", "role": "cook", "email": "", "version": 1},
    )
    english.post(reverse("hosts:contact_remove", args=[contact.public_id]))

    assert contact.role == "chef" and contact.version == 2
    assert "Nothing was changed" in stale.content.decode()
    assert not HostContact.objects.exists()
    actions = AuditEntry.objects.filter(object_id=str(contact.public_id)).values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["change", "create", "delete"]


def test_a_contact_without_a_name_is_refused(english, coordinator):
    host = HostCompanyFactory.create()
    english.force_login(coordinator)

    response = english.post(
        reverse("hosts:contact_create", args=[host.public_id]), {"name": " ", "role": "x"}
    )

    assert "Enter a name with letters" in response.content.decode()
    assert not HostContact.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_only_coordinators_change_contacts_and_recognitions(client, request, role):
    host = HostCompanyFactory.create()
    contact = HostContact.objects.create(host=host, name="Jonas Becker")
    recognition = HostRecognition.objects.create(host=host, programme=ProgrammeFactory.create())
    client.force_login(request.getfixturevalue(role))

    answers = [
        client.post(reverse("hosts:contact_create", args=[host.public_id]), {"name": "X"}),
        client.post(reverse("hosts:contact_remove", args=[contact.public_id])),
        client.post(reverse("hosts:recognition_remove", args=[recognition.public_id])),
    ]

    assert {a.status_code for a in answers} == {403}
    assert HostContact.objects.count() == 1 and HostRecognition.objects.count() == 1


# Recognitions


def test_coordinator_adds_and_removes_a_recognition_audited(english, coordinator):
    host = HostCompanyFactory.create()
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    english.post(
        reverse("hosts:recognition_create", args=[host.public_id]),
        {"programme": programme.pk, "sbb_number": "7654321", "valid_until": "2027-08-01"},
    )
    recognition = HostRecognition.objects.get()
    again = english.get(reverse("hosts:recognition_create", args=[host.public_id]))
    english.post(reverse("hosts:recognition_remove", args=[recognition.public_id]))

    assert recognition.sbb_number == "7654321"
    assert recognition.valid_until == datetime.date(2027, 8, 1)
    # A programme recognised already is not offered again.
    assert f'value="{programme.pk}"' not in again.content.decode()
    assert not HostRecognition.objects.exists()
    entry = AuditEntry.objects.get(object_id=str(recognition.public_id), action="create")
    assert entry.changes["sbb_number"] == ["", "7654321"]


def test_a_recognition_for_a_programme_twice_is_refused(coordinator):
    host = HostCompanyFactory.create()
    programme = ProgrammeFactory.create()
    services.add_recognition(host, by=coordinator, programme=programme)

    with pytest.raises(services.ValidationError):
        services.add_recognition(host, by=coordinator, programme=programme)


def _placement_warning(client, mobility):
    response = client.get(reverse("mobilities:detail", args=[mobility.public_id]))
    return "recognition for this programme (erkend leerbedrijf) expired" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("valid_until", "warns"),
    [(TODAY - datetime.timedelta(days=1), True), (TODAY, False), (None, False)],
)
def test_an_expired_recognition_warns_on_the_placement_item(
    english, coordinator, valid_until, warns
):
    host = HostCompanyFactory.create()
    mobility = stay(host, step=Step.PREPARATION)
    HostRecognition.objects.create(
        host=host, programme=mobility.student.programme, valid_until=valid_until
    )
    english.force_login(coordinator)

    assert _placement_warning(english, mobility) is warns


def test_an_expired_recognition_for_another_programme_does_not_warn(english, coordinator):
    host = HostCompanyFactory.create()
    mobility = stay(host, step=Step.PREPARATION)
    HostRecognition.objects.create(
        host=host, programme=ProgrammeFactory.create(), valid_until=TODAY - datetime.timedelta(1)
    )
    english.force_login(coordinator)

    assert _placement_warning(english, mobility) is False


# The student's view of the host


def _own_stay(student_user, step=Step.BACK_HOME):
    host = HostCompanyFactory.create(name="Hotel Mar Azul")
    return stay(host, student=student_user.student, step=step)


def test_student_says_how_the_host_was_back_home_and_staff_read_it(english, student, coordinator):
    mobility = _own_stay(student)
    english.force_login(student)
    card = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()

    english.post(
        reverse("hosts:review", args=[mobility.public_id]),
        {"rating": "4", "recommends": "yes", "comment": "Friendly team."},
    )
    changed = english.post(
        reverse("hosts:review", args=[mobility.public_id]),
        {"rating": "2", "recommends": "no", "comment": "Long days.", "version": "1"},
    )
    repeated = english.post(
        reverse("hosts:review", args=[mobility.public_id]),
        {"rating": "5", "recommends": "yes", "comment": "", "version": "1"},
    )

    assert reverse("hosts:review", args=[mobility.public_id]) in card
    assert changed.status_code == 302
    assert "Nothing was changed" in repeated.content.decode()
    review = HostReview.objects.get()
    assert (review.rating, review.recommends, review.comment) == (2, False, "Long days.")
    assert review.host == mobility.host_company
    assert sorted(
        AuditEntry.objects.filter(object_id=str(review.public_id)).values_list("action", flat=True)
    ) == ["change", "create"]
    english.force_login(coordinator)
    host_page = english.get(page(review.host)).content.decode()
    assert "Long days." in host_page and "Would not recommend it" in host_page


def test_student_cannot_review_before_coming_home(client, student):
    mobility = _own_stay(student, step=Step.ABROAD)
    client.force_login(student)

    response = client.post(
        reverse("hosts:review", args=[mobility.public_id]), {"rating": "5", "recommends": "yes"}
    )

    assert response.status_code == 403 and not HostReview.objects.exists()


def test_another_student_cannot_see_or_write_the_review(client, student, other_student):
    mobility = _own_stay(student)
    client.force_login(other_student)

    response = client.get(reverse("hosts:review", args=[mobility.public_id]))

    assert response.status_code == 404


def test_a_bad_rating_is_refused(english, student):
    mobility = _own_stay(student)
    english.force_login(student)

    response = english.post(
        reverse("hosts:review", args=[mobility.public_id]), {"rating": "9", "recommends": "yes"}
    )

    assert "Select a valid choice" in response.content.decode()
    assert not HostReview.objects.exists()


def test_the_review_is_erased_with_the_student(coordinator):
    host = HostCompanyFactory.create()
    student = StudentFactory.create()
    mobility = stay(host, student=student, step=Step.BACK_HOME, outcome=Outcome.COMPLETED)
    HostReview.objects.create(mobility=mobility, host=host, rating=5, recommends=True, comment="x")

    erase_student(student, by=coordinator)

    assert not HostReview.objects.exists()
    assert Mobility.objects.filter(pk=mobility.pk).exists()
