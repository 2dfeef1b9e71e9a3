"""The learning pages in the states the URL walk does not reach (abroad, back home, with a
reflection and an assessment) are valid HTML too, as the Nu Html Checker reads them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.documents.samples import PDF, upload
from tests.learning.conftest import add_goals
from tests.learning.test_services import ANSWERS, review
from tests.test_valid_html import checker_errors
from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.learning import services
from wegwijzer.learning.models import LearningGoal

pytestmark = pytest.mark.django_db


def test_the_learning_pages_back_home_are_valid_html(
    client, back_home, student, supervisor, mentor, tmp_path
):
    add_goals(back_home, supervisor, "Zelfstandig werken", "Gasten ontvangen")
    review(back_home, supervisor)
    draft = services.save_reflection(back_home, by=student, version=0, answers=ANSWERS)
    stay = back_home.public_id
    pages: dict[str, str] = {}

    def save(user, name, url):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, name
        file_name = f"{len(pages)}.html"
        (tmp_path / file_name).write_text(response.text)
        pages[file_name] = name

    save(student, "reflection form", reverse("learning:reflection", args=[stay]))
    portfolio = CheckedUpload(upload("portfolio.pdf", PDF), "application/pdf")
    services.save_reflection(
        back_home, by=student, version=draft.version, answers=ANSWERS, upload=portfolio,
        submit=True,
    )  # fmt: skip
    services.record_assessment(
        back_home, by=supervisor, version=0, grade=Decimal("7.5"), rating="",
        assessor="M. de Vries", assessed_on=datetime.date.today(), counts_for="BPV 2",
    )  # fmt: skip
    save(student, "student home", reverse("home"))
    save(student, "learning page as student", reverse("learning:detail", args=[stay]))
    save(student, "reflection submitted", reverse("learning:reflection", args=[stay]))
    save(mentor, "learning page as mentor", reverse("learning:detail", args=[stay]))
    save(mentor, "respond", reverse("learning:respond", args=[stay]))
    save(supervisor, "mobility page", reverse("mobilities:detail", args=[stay]))
    save(supervisor, "review form", reverse("learning:review-add", args=[stay]))
    save(supervisor, "assessment form", reverse("learning:assessment", args=[stay]))
    goal = LearningGoal.objects.all()[0]
    save(supervisor, "goal form", reverse("learning:goal-edit", args=[goal.public_id]))

    assert checker_errors(tmp_path, pages) == []
