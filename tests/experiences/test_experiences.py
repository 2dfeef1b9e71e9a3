"""Experiences (issue 15): the student's posts, their consent, the coordinator's sharing,
the shared list, photos served through an access check."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.documents.samples import JPEG, PDF, PNG, upload
from tests.experiences.conftest import post, stay_of
from tests.factories import MobilityFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.experiences import services
from wegwijzer.experiences.forms import PHOTO_MAX_BYTES
from wegwijzer.experiences.models import Experience
from wegwijzer.mobilities.models import ItemStatus, Outcome
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def stay_url(mobility) -> str:
    return reverse("experiences:stay", args=[mobility.public_id])


# Posting


def test_the_student_posts_an_experience_which_settles_the_item(client, student, abroad_stay):
    client.force_login(student)

    response = client.post(
        stay_url(abroad_stay), {"text": "Ik werk zelfstandig in een hotel", "consent": "on"}
    )

    assert response.status_code == 302
    experience = Experience.objects.get()
    assert experience.mobility == abroad_stay and experience.consent and not experience.shared
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=experience.public_id).exists()
    item = abroad_stay.items.get(template_item__key="abroad-experiences")
    assert item.status == ItemStatus.DONE


def test_a_second_post_leaves_the_settled_item_alone(student, abroad_stay):
    post(abroad_stay, "Eerste")
    item = abroad_stay.items.get(template_item__key="abroad-experiences")
    version = item.version

    post(abroad_stay, "Tweede")

    item.refresh_from_db()
    assert item.version == version and Experience.objects.count() == 2


def test_a_post_on_a_completed_stay_keeps_the_closed_checklist(student):
    mobility = stay_of(student, step=Step.BACK_HOME, outcome=Outcome.COMPLETED)

    post(mobility, "Terug thuis")

    assert Experience.objects.filter(mobility=mobility).exists()


@pytest.mark.parametrize(("name", "content"), [("foto.png", PNG), ("foto.jpg", JPEG)])
def test_a_photo_is_kept_privately_and_served_to_the_student(
    client, student, abroad_stay, name, content
):
    client.force_login(student)
    client.post(stay_url(abroad_stay), {"text": "Uitzicht", "photo": upload(name, content)})

    experience = Experience.objects.get()
    stored_name = experience.photo.name or ""
    assert stored_name.startswith("experiences/") and name not in stored_name
    response = client.get(reverse("experiences:photo", args=[experience.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == experience.photo_type
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", PDF, "Choose a JPEG or PNG photo."),
        ("foto.jpg", PNG, "not what its name says"),
        ("foto.png", b"not an image at all", "Choose a JPEG or PNG photo."),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(
    english, student, abroad_stay, name, content, message
):
    english.force_login(student)

    response = english.post(stay_url(abroad_stay), {"text": "x", "photo": upload(name, content)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Experience.objects.exists()


def test_a_photo_too_large_is_refused(english, student, abroad_stay):
    english.force_login(student)
    big = upload("foto.png", PNG + bytes(PHOTO_MAX_BYTES))

    response = english.post(stay_url(abroad_stay), {"text": "x", "photo": big})

    assert "The photo is too large" in response.content.decode()
    assert not Experience.objects.exists()


def test_before_the_stay_abroad_the_student_cannot_post(client, student):
    mobility = stay_of(student, step=Step.PREPARATION)
    client.force_login(student)

    assert 'name="text"' not in client.get(stay_url(mobility)).content.decode()
    assert client.post(stay_url(mobility), {"text": "Nog niet weg"}).status_code == 403
    assert not Experience.objects.exists()


def test_staff_read_a_stays_posts_but_do_not_post(client, coordinator, abroad_stay):
    post(abroad_stay, "Gezellige collega's")
    client.force_login(coordinator)

    page = client.get(stay_url(abroad_stay)).content.decode()

    assert "Gezellige collega&#x27;s" in page and 'name="text"' not in page
    assert client.post(stay_url(abroad_stay), {"text": "Namens"}).status_code == 403


def test_another_student_cannot_see_a_stays_posts(client, other_student, abroad_stay):
    client.force_login(other_student)

    assert client.get(stay_url(abroad_stay)).status_code == 404


# Consent and sharing


def consent(client, experience, value: bool):
    data = {"version": experience.version, **({"consent": "on"} if value else {})}
    return client.post(reverse("experiences:consent", args=[experience.public_id]), data)


def share(client, experience, value: bool):
    data = {"version": experience.version, **({"shared": "on"} if value else {})}
    return client.post(reverse("experiences:share", args=[experience.public_id]), data)


def test_consent_then_sharing_puts_a_post_on_the_shared_list(
    client, student, coordinator, other_student, abroad_stay
):
    experience = post(abroad_stay, "Een tip: leer de taal")
    client.force_login(student)
    consent(client, experience, True)
    experience.refresh_from_db()
    client.force_login(coordinator)
    share(client, experience, True)

    experience.refresh_from_db()
    assert experience.is_shared and experience.shared_by == coordinator
    client.force_login(other_student)
    page = client.get(reverse("experiences:shared")).content.decode()
    assert "Een tip: leer de taal" in page
    assert abroad_stay.student.first_name in page
    assert abroad_stay.student.last_name not in page


def test_withdrawing_consent_unshares_at_once(client, student, other_student, abroad_stay):
    experience = post(abroad_stay, "Mijn verhaal", consent=True, shared=True)
    client.force_login(student)

    consent(client, experience, False)

    experience.refresh_from_db()
    assert not experience.consent and not experience.shared
    client.force_login(other_student)
    assert "Mijn verhaal" not in client.get(reverse("experiences:shared")).content.decode()
    entry = AuditEntry.objects.get(action=Action.CHANGE, object_id=experience.public_id)
    assert set(entry.changes) == {"consent", "shared"}


@pytest.mark.usefixtures("english_messages")
def test_without_consent_the_coordinator_cannot_share(coordinator, abroad_stay):
    experience = post(abroad_stay, "Privé")

    with pytest.raises(ValidationError, match="has not agreed"):
        services.set_shared(experience, by=coordinator, version=experience.version, shared=True)

    experience.refresh_from_db()
    assert not experience.shared


def test_a_stale_consent_post_changes_nothing(english, student, abroad_stay):
    experience = post(abroad_stay, "Verhaal")
    english.force_login(student)
    consent(english, experience, True)

    # The same form again, with the version it showed, now withdrawing.
    response = consent(english, experience, False)

    experience.refresh_from_db()
    assert experience.consent
    page = english.get(response["Location"]).content.decode()
    assert "This changed since this page was shown" in page


def test_only_the_writer_gives_consent_and_only_the_coordinator_shares(
    client, supervisor, mentor, abroad_stay
):
    abroad_stay.supervisor = supervisor
    abroad_stay.save()
    abroad_stay.student.mentor = mentor
    abroad_stay.student.save()
    experience = post(abroad_stay, "Verhaal", consent=True)

    for user in (supervisor, mentor):
        client.force_login(user)
        assert consent(client, experience, False).status_code == 403
        assert share(client, experience, True).status_code == 403

    experience.refresh_from_db()
    assert experience.consent and not experience.shared


def test_the_review_list_is_the_coordinators(client, coordinator, supervisor, abroad_stay):
    post(abroad_stay, "Graag delen", consent=True)
    post(abroad_stay, "Niet delen")

    client.force_login(coordinator)
    page = client.get(reverse("experiences:review")).content.decode()
    assert "Graag delen" in page and "Niet delen" not in page
    client.force_login(supervisor)
    assert client.get(reverse("experiences:review")).status_code == 403


# Photos: through the post's access


def test_a_photo_of_a_post_not_shared_is_refused_to_others(client, other_student, abroad_stay):
    experience = post(abroad_stay, "Foto", photo=True)
    client.force_login(other_student)

    assert client.get(reverse("experiences:photo", args=[experience.public_id])).status_code == 404


def test_a_shared_photo_is_served_to_other_students(client, other_student, abroad_stay):
    experience = post(abroad_stay, "Foto", photo=True, consent=True, shared=True)
    client.force_login(other_student)

    response = client.get(reverse("experiences:photo", args=[experience.public_id]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


def test_staff_viewing_a_private_photo_is_audited(client, coordinator, abroad_stay):
    experience = post(abroad_stay, "Foto", photo=True)
    client.force_login(coordinator)

    client.get(reverse("experiences:photo", args=[experience.public_id]))

    assert AuditEntry.objects.filter(action=Action.VIEW, object_id=experience.public_id).exists()


# Query counts


def shared_posts(count: int) -> None:
    for _ in range(count):
        mobility = MobilityFactory.create(student=StudentFactory.create())
        post(mobility, "Gedeeld", consent=True, shared=True, photo=True)


@pytest.mark.parametrize("count", [1, 25])
def test_the_shared_list_takes_the_same_queries_for_few_and_many(
    client, django_assert_max_num_queries, count
):
    shared_posts(count)
    reader = UserFactory.create(role=Role.STUDENT)
    client.force_login(reader)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("experiences:shared"))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_the_review_list_takes_the_same_queries_for_few_and_many(
    client, coordinator, django_assert_max_num_queries, count
):
    shared_posts(count)
    client.force_login(coordinator)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("experiences:review"))

    assert response.status_code == 200
