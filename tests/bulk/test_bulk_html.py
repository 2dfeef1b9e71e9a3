"""The bulk pages are valid HTML (the URL walk posts them without data, which only
redirects): each step of a bulk action as the Nu Html Checker reads it."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.bulk.test_bulk import INFORMATION
from tests.factories import GuardianFactory, MobilityFactory, StudentFactory
from tests.test_valid_html import checker_errors


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_step_of_a_bulk_action_is_valid_html(client, coordinator, tmp_path, language):
    stays = [
        MobilityFactory.create(student=StudentFactory.create(class_name="2B")) for _ in range(2)
    ]
    GuardianFactory.create(student=stays[0].student, email="ouder@example.org")
    StudentFactory.create(class_name="2B")
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.post(reverse("students:list"), {"class_name": "2B"})
    url = reverse("bulk:students")
    tick = {"action": "tick-item", "scope": "all"}
    details = {"item": INFORMATION, "done_on": timezone.localdate().isoformat(), "note": "Les"}
    previewed = client.post(url, {**tick, **details, "stage": "preview"})
    steps = {
        "details": client.post(url, tick),
        "preview": previewed,
        "consent": client.post(url, {"action": "consent-links", "scope": "all"}),
        "nothing": client.post(url, {"action": "advance", "scope": "ticked"}),
        "result": client.post(
            url,
            {**tick, **details, "stage": "confirm", "previewed": previewed.context["previewed"]},
        ),
        "students list": client.get(reverse("students:list")),
        "home": client.get(reverse("home")),
    }
    pages = {}
    for name, response in steps.items():
        assert response.status_code == 200, name
        file_name = f"{name.replace(' ', '-')}.html"
        (tmp_path / file_name).write_text(response.content.decode())
        pages[file_name] = name

    errors = checker_errors(tmp_path, pages)

    assert not errors, "\n".join(errors)
