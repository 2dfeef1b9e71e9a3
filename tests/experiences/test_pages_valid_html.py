"""The new pages with content in them (the URL walk sees them mostly empty) are valid HTML:
posts with photos, the review with its buttons, the pool with and without contacts, the
student's forms with their errors and the extension's confirmation."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.experiences.conftest import ambassador_of, post, stay_of
from tests.test_valid_html import checker_errors
from wegwijzer.mobilities.models import Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db


def test_the_filled_pages_are_valid_html(tmp_path, coordinator, student, supervisor):
    abroad = stay_of(student, step=Step.ABROAD, supervisor=supervisor)
    Mobility.objects.filter(pk=abroad.pk).update(actual_departure_date=abroad.departure_date)
    post(abroad, "Eerste week\nVeel geleerd", consent=True, shared=True, photo=True)
    post(abroad, "Nog niet gedeeld", consent=True)
    post(abroad, "Privé")
    back = stay_of(step=Step.BACK_HOME)
    ambassador_of(back, share_contact=True, contact="Mail: a@school.example")
    ambassador_of(stay_of(step=Step.BACK_HOME, destination_country="PT"))
    own_back = stay_of(student, step=Step.BACK_HOME)
    today = timezone.localdate()
    pages = {
        "shared": (student, "get", reverse("experiences:shared"), {}),
        "review": (coordinator, "get", reverse("experiences:review"), {}),
        "stay-student": (student, "get", reverse("experiences:stay", args=[abroad.public_id]), {}),
        "stay-errors": (
            student, "post", reverse("experiences:stay", args=[abroad.public_id]), {"text": ""},
        ),
        "stay-coordinator": (
            coordinator, "get", reverse("experiences:stay", args=[abroad.public_id]), {},
        ),
        "pool": (student, "get", reverse("experiences:pool"), {"country": "PT"}),
        "pool-all": (student, "get", reverse("experiences:pool"), {}),
        "ambassador": (
            student, "post", reverse("experiences:ambassador", args=[own_back.public_id]),
            {"contact": ""},
        ),
        "home": (student, "get", reverse("home"), {}),
        "mobility": (supervisor, "get", reverse("mobilities:detail", args=[abroad.public_id]), {}),
        "extend": (
            supervisor, "get", reverse("mobilities:confirm", args=[abroad.public_id, "extend"]),
            {},
        ),
        "extend-errors": (
            supervisor, "post", reverse("mobilities:extend", args=[abroad.public_id]),
            {"version": abroad.version, "confirmed": "1",
             "new_return": (today - datetime.timedelta(days=1)).isoformat(), "reason": ""},
        ),
    }  # fmt: skip
    written = {}
    for name, (user, method, url, data) in pages.items():
        client = Client()
        client.force_login(user)
        response = getattr(client, method)(url, data)
        assert response.status_code == 200, name
        file_name = f"{name}.html"
        (tmp_path / file_name).write_text(response.content.decode())
        written[file_name] = name

    assert checker_errors(tmp_path, written) == []
