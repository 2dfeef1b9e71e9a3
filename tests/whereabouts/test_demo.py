import pytest
from django.core.management import call_command
from django.urls import reverse

from wegwijzer.accounts.models import User


@pytest.mark.django_db
def test_demo_shows_students_abroad_and_leaving_soon(settings, english):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    english.force_login(User.objects.get(username="coordinator"))

    response = english.get(reverse("whereabouts:list"))

    assert response.context["abroad"] >= 4
    assert response.context["departing"] >= 1
    assert len(response.context["countries"]) >= 3
