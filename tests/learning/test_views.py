"""The learning pages: who sees and changes what, what they show, and what they cost."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.documents.samples import PDF, upload
from tests.learning.conftest import add_goals, in_step
from tests.learning.test_services import ANSWERS, review
from wegwijzer.learning import services
from wegwijzer.learning.models import Assessment, GoalReview, LearningGoal, Reflection, Verdict
from wegwijzer.mobilities.models import ItemStatus, Mobility, Outcome

pytestmark = pytest.mark.django_db

GOAL = "Gasten ontvangen in het Spaans"


def detail(mobility):
    return reverse("learning:detail", args=[mobility.public_id])


@pytest.mark.parametrize("role", ["coordinator", "supervisor", "mentor", "student"])
def test_everyone_of_the_stay_reads_its_goals_and_reviews(request, client, stay, supervisor, role):
    add_goals(stay, supervisor, GOAL)
    review(stay, supervisor, note="Loopt voor op schema")
    client.force_login(request.getfixturevalue(role))

    response = client.get(detail(stay))

    assert response.status_code == 200
    assert GOAL in response.text and "Loopt voor op schema" in response.text


def test_another_student_gets_404(client, stay, other_student):
    client.force_login(other_student)

    assert client.get(detail(stay)).status_code == 404


def test_the_supervisor_adds_a_goal_and_the_student_may_not(client, stay, supervisor, student):
    url = reverse("learning:goal-add", args=[stay.public_id])
    client.force_login(student)
    assert client.post(url, {"goal": GOAL, "version": 0}).status_code == 403

    client.force_login(supervisor)
    response = client.post(url, {"goal": GOAL, "tasks": "Receptie", "version": 0})

    assert response.status_code == 302
    assert LearningGoal.objects.get().tasks == "Receptie"


def test_a_double_click_on_add_goal_says_so(english, stay, supervisor):
    url = reverse("learning:goal-add", args=[stay.public_id])
    english.force_login(supervisor)
    english.post(url, {"goal": GOAL, "version": 0})

    response = english.post(url, {"goal": GOAL, "version": 0})

    assert response.status_code == 200
    assert "changed since this page was shown" in response.text
    assert LearningGoal.objects.count() == 1


def test_a_goal_is_changed_and_removed_on_its_page(client, stay, supervisor):
    add_goals(stay, supervisor, GOAL)
    goal = LearningGoal.objects.get()
    client.force_login(supervisor)

    client.post(
        reverse("learning:goal-edit", args=[goal.public_id]),
        {"goal": "Zelfstandig werken", "tasks": "", "version": 0},
    )
    assert LearningGoal.objects.get().goal == "Zelfstandig werken"
    client.post(reverse("learning:goal-remove", args=[goal.public_id]), {"version": 1})
    assert not LearningGoal.objects.exists()


def test_the_mentor_may_not_change_a_goal(client, stay, supervisor, mentor):
    add_goals(stay, supervisor, GOAL)
    client.force_login(mentor)

    response = client.get(
        reverse("learning:goal-edit", args=[LearningGoal.objects.get().public_id])
    )

    assert response.status_code == 403


def test_recording_a_review_ticks_the_progress_item(client, stay, supervisor):
    client.force_login(supervisor)
    data = {
        "reviewed_on": datetime.date.today().isoformat(), "verdict": Verdict.ADJUSTED,
        "assignments_done": 4, "assignments_assessed": 3, "assignments_passed": 3,
        "note": "Doel 2 bijgesteld", "version": 0,
    }  # fmt: skip

    response = client.post(reverse("learning:review-add", args=[stay.public_id]), data)

    assert response.status_code == 302
    assert GoalReview.objects.get().verdict == Verdict.ADJUSTED
    progress = stay.items.get(template_item__key=services.PROGRESS_ITEM)
    assert progress.status == ItemStatus.DONE


def test_the_review_form_refuses_more_passed_than_done(english, stay, supervisor):
    english.force_login(supervisor)
    data = {
        "reviewed_on": datetime.date.today().isoformat(), "verdict": Verdict.ON_TRACK,
        "assignments_done": 1, "assignments_assessed": 1, "assignments_passed": 2, "version": 0,
    }  # fmt: skip

    response = english.post(reverse("learning:review-add", args=[stay.public_id]), data)

    assert "More assignments passed than assessed" in response.text
    assert not GoalReview.objects.exists()


def test_the_student_writes_and_submits_the_reflection_with_a_portfolio(client, back_home, student):
    url = reverse("learning:reflection", args=[back_home.public_id])
    client.force_login(student)
    client.post(url, {**ANSWERS, "what_next": "", "version": 0, "draft": "1"})
    assert Reflection.objects.get().status == "draft"

    response = client.post(
        url, {**ANSWERS, "version": 1, "submit": "1", "document": upload("presentatie.pdf", PDF)}
    )

    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert reflection.is_submitted and reflection.document
    assert reflection.document.original_name == "presentatie.pdf"
    page = client.get(detail(back_home)).text
    assert ANSWERS["what_learned"] in page and "presentatie.pdf" in page


def test_only_the_student_writes_the_reflection(client, back_home, mentor, supervisor):
    for user in (mentor, supervisor):
        client.force_login(user)
        url = reverse("learning:reflection", args=[back_home.public_id])
        assert client.get(url).status_code == 403


def test_the_mentor_responds_and_reopens(client, back_home, student, mentor):
    services.save_reflection(back_home, by=student, version=0, answers=ANSWERS, submit=True)
    client.force_login(mentor)

    client.post(
        reverse("learning:respond", args=[back_home.public_id]),
        {"response": "Mooi verwoord, bespreek het in je presentatie.", "version": 1},
    )
    client.post(reverse("learning:reopen", args=[back_home.public_id]), {"version": 2})

    reflection = Reflection.objects.get()
    assert reflection.response.startswith("Mooi verwoord") and reflection.status == "draft"


def test_the_student_may_not_respond_to_their_own_reflection(client, back_home, student):
    services.save_reflection(back_home, by=student, version=0, answers=ANSWERS, submit=True)
    client.force_login(student)

    response = client.post(
        reverse("learning:respond", args=[back_home.public_id]),
        {"response": "Zelf goedgekeurd", "version": 1},
    )

    assert response.status_code == 403
    assert Reflection.objects.get().response == ""


def test_a_dutch_grade_is_accepted(client, back_home, supervisor):
    client.force_login(supervisor)

    response = client.post(
        reverse("learning:assessment", args=[back_home.public_id]),
        {
            "grade": "7,5", "assessor": "M. de Vries", "version": 0,
            "assessed_on": datetime.date.today().isoformat(),
            "counts_for": "BPV periode 2, keuzedeel Internationaal 2",
        },
    )  # fmt: skip

    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.grade == Decimal("7.5")
    assert "7,5" in client.get(detail(back_home)).text


def test_the_mentor_reads_but_does_not_record_the_assessment(client, back_home, mentor):
    client.force_login(mentor)

    assert client.get(reverse("learning:assessment", args=[back_home.public_id])).status_code == 403


def test_the_mobility_page_shows_the_learning_card(english, stay, supervisor, student):
    add_goals(stay, supervisor, GOAL)
    review(stay, supervisor)
    english.force_login(student)

    page = english.get(reverse("mobilities:detail", args=[stay.public_id])).text

    assert 'id="learning-title"' in page and GOAL in page and "On track" in page


def test_the_students_home_links_to_the_reflection_back_home(english, back_home, student):
    english.force_login(student)

    page = english.get(reverse("home")).text

    assert reverse("learning:reflection", args=[back_home.public_id]) in page


def test_the_students_home_has_no_learning_card_before_departure(english, stay, student):
    in_step(stay, 3)
    english.force_login(student)

    page = english.get(reverse("home")).text

    assert reverse("learning:detail", args=[stay.public_id]) not in page


# Query counts: a page costs as much with many rows as with few.


def count(client, url, django_assert_max_num_queries, limit=30):
    with django_assert_max_num_queries(limit) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_learning_page_costs_the_same_with_many_goals_and_reviews(
    client, stay, supervisor, student, django_assert_max_num_queries
):
    add_goals(stay, supervisor, "Doel")
    review(stay, supervisor)
    in_step(stay, 5)
    client.force_login(supervisor)
    few = count(client, detail(stay), django_assert_max_num_queries)

    add_goals(stay, supervisor, *[f"Doel {n}" for n in range(8)])
    for seen in range(1, 14):
        review(stay, supervisor, seen=seen)
    services.save_reflection(stay, by=student, version=0, answers=ANSWERS, submit=True)
    services.record_assessment(
        stay, by=supervisor, version=0, grade=Decimal(8), rating="", assessor="X",
        assessed_on=datetime.date.today(), counts_for="",
    )  # fmt: skip

    assert count(client, detail(stay), django_assert_max_num_queries, limit=few) == few


def test_the_mobility_card_costs_the_same_with_many_rows(
    client, stay, supervisor, django_assert_max_num_queries
):
    url = reverse("mobilities:detail", args=[stay.public_id])
    client.force_login(supervisor)
    few = count(client, url, django_assert_max_num_queries, limit=40)

    add_goals(stay, supervisor, *[f"Doel {n}" for n in range(8)])
    for seen in range(5):
        review(stay, supervisor, seen=seen)

    # The history grows with the changes; the card itself adds nothing per row.
    assert count(client, url, django_assert_max_num_queries, limit=few) == few


def test_a_closed_stay_is_read_only(english, back_home, supervisor):
    add_goals(back_home, supervisor, GOAL)
    Mobility.objects.filter(pk=back_home.pk).update(outcome=Outcome.BROKEN_OFF)
    english.force_login(supervisor)

    page = english.get(detail(back_home)).text
    response = english.post(
        reverse("learning:goal-add", args=[back_home.public_id]), {"goal": "Te laat", "version": 1}
    )

    assert GOAL in page and "Add a learning goal" not in page
    assert "what was learned can only be read" in response.text
    assert LearningGoal.objects.count() == 1
