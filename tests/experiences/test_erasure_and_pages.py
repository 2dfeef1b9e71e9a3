"""Erasure of a student's posts, photos and ambassador entry, and the links on the
student's home page and the mobility page."""

import pytest
from django.urls import reverse

from tests.experiences.conftest import ambassador_of, post, stay_of
from wegwijzer.experiences.models import Ambassador, Experience
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.privacy.erasure import erase_student
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def test_erasure_deletes_posts_photos_and_the_ambassador_even_when_shared(
    coordinator, student, django_capture_on_commit_callbacks
):
    mobility = stay_of(student, step=Step.BACK_HOME, outcome=Outcome.COMPLETED)
    shared = post(mobility, "Gedeeld verhaal", consent=True, shared=True, photo=True)
    photo = shared.photo
    assert photo.storage.exists(photo.name)
    ambassador_of(mobility, share_contact=True)

    with django_capture_on_commit_callbacks(execute=True):
        erase_student(mobility.student, by=coordinator)

    assert not Experience.objects.exists() and not Ambassador.objects.exists()
    assert not photo.storage.exists(photo.name)
    assert Mobility.objects.filter(pk=mobility.pk).exists()


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_a_student_in_orientation_is_shown_the_pool_and_the_experiences(client, student):
    stay_of(student, step=Step.ORIENTATION)

    page = home(client, student)

    assert reverse("experiences:pool") in page and reverse("experiences:shared") in page
    assert "/experiences/stay/" not in page and "/ambassadors/stay/" not in page


def test_a_student_abroad_is_asked_to_share_an_experience(client, student):
    mobility = stay_of(student, step=Step.ABROAD)

    page = home(client, student)

    assert reverse("experiences:stay", args=[mobility.public_id]) in page
    assert "/ambassadors/stay/" not in page


def test_a_student_back_home_is_asked_to_become_an_ambassador(client, student):
    mobility = stay_of(student, step=Step.BACK_HOME)

    page = home(client, student)

    assert reverse("experiences:ambassador", args=[mobility.public_id]) in page
    assert reverse("experiences:stay", args=[mobility.public_id]) in page


def test_the_mobility_page_shows_the_experiences_card_from_step_4(client, coordinator):
    abroad = stay_of(step=Step.ABROAD)
    preparing = stay_of(step=Step.PREPARATION)
    post(abroad, "Verhaal", consent=True, shared=True)
    client.force_login(coordinator)

    shown = client.get(reverse("mobilities:detail", args=[abroad.public_id])).content.decode()
    hidden = client.get(reverse("mobilities:detail", args=[preparing.public_id])).content.decode()

    assert 'id="experiences-title"' in shown
    assert reverse("experiences:stay", args=[abroad.public_id]) in shown
    assert 'id="experiences-title"' not in hidden


def test_the_coordinators_home_links_the_review_and_the_pool(client, coordinator):
    page = home(client, coordinator)

    assert reverse("experiences:review") in page and reverse("experiences:pool") in page
    assert "Ervaringen beoordelen" in page
