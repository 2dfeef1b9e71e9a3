"""The budget pages: the student's own, read by the coordinator and the stay's supervisor;
the warning; the form; the PDF; where the budget is offered."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.budgets.helpers import grant, hand_example, line, stay
from tests.factories import UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.budgets.models import BudgetLine, Category, Frequency
from wegwijzer.mobilities.models import Funding, Mobility, Outcome


def url(name: str, mobility: Mobility) -> str:
    return reverse(f"budgets:{name}", kwargs={"public_id": mobility.public_id})


def text(response) -> str:
    return " ".join(response.content.decode().split())


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def own(student, supervisor, mentor) -> Mobility:
    """The student's stay: 10 weeks, supervised by the supervisor, mentored by the mentor."""
    mobility = stay(student=student.student, supervisor=supervisor)
    mobility.student.mentor = mentor
    mobility.student.save()
    return mobility


def form_data(**rows: dict[str, str]) -> dict[str, str]:
    """The form as sent with no lines yet: the blank rows, and the ones filled in as
    {"cost-0": {...}, "income-1": {...}}."""
    data: dict[str, str] = {}
    for kind in ("cost", "income"):
        data |= {
            f"{kind}-TOTAL_FORMS": "3",
            f"{kind}-INITIAL_FORMS": "0",
            f"{kind}-MIN_NUM_FORMS": "0",
            f"{kind}-MAX_NUM_FORMS": "1000",
        }
    for prefix, values in rows.items():
        data |= {f"{prefix}-{name}": value for name, value in values.items()}
    return data


# Reading


def test_student_sees_their_budget_per_month_and_in_total(english, student, own):
    hand_example(own, student)
    english.force_login(student)

    page = text(english.get(url("detail", own)))

    assert "70 days, counted as 2.3 months" in page
    assert "€450.00 per month" in page
    assert "€300.00 once" in page
    assert '<td data-label="Over the stay">€1,035.00</td>' in page
    # Per month and in total: costs 632.61 / 1,455.00, income 517.39 / 1,190.00.
    for figure in ("€632.61", "€1,455.00", "€517.39", "€1,190.00"):
        assert figure in page, figure


def test_warning_with_the_shortfall_when_costs_exceed_income(english, student, own):
    hand_example(own, student)
    english.force_login(student)

    page = text(english.get(url("detail", own)))

    assert 'role="alert"' in page
    assert "Warning: the costs are higher than the income." in page
    assert "The budget is €265.00 short over the whole stay: €115.22 per month." in page


def test_no_warning_when_the_income_covers_the_costs(english, student, own):
    line(own, student, Category.HOUSING, "400.00")
    line(own, student, Category.STUDENT_FINANCE, "400.00")
    english.force_login(student)

    page = text(english.get(url("detail", own)))

    assert "Warning" not in page
    assert 'role="alert"' not in page
    assert "The income covers the costs, with €0.00 to spare over the whole stay." in page


def test_erasmus_grant_line_is_read_only_and_says_when_not_computed(english, student, own):
    own.funding = Funding.ERASMUS
    own.save()
    english.force_login(student)

    before = text(english.get(url("detail", own)))
    grant(own, "1891.00")
    after = text(english.get(url("detail", own)))
    form = text(english.get(url("edit", own)))

    assert "Erasmus+ grant" in before
    assert "not computed yet" in before
    assert "The Erasmus+ grant has not been computed yet" in before
    assert "€1,891.00 once" in after
    assert "not computed yet" not in after
    # The form has no field for it, only the explanation.
    assert "The Erasmus+ grant is added by itself" in form
    assert 'value="erasmus"' not in form


@pytest.mark.parametrize("role", ["coordinator", "supervisor"])
def test_coordinator_and_supervisor_read_the_budget(english, own, student, role, request):
    hand_example(own, student)
    english.force_login(request.getfixturevalue(role))

    page = text(english.get(url("detail", own)))

    assert "€1,455.00" in page
    assert ("Change the budget" in page) is (role == "coordinator")


def test_mentor_is_refused_and_others_do_not_find_it(client, own, mentor, other_student):
    other_supervisor = UserFactory.create(role=Role.SUPERVISOR)

    client.force_login(mentor)
    assert client.get(url("detail", own)).status_code == 403
    assert client.get(url("pdf", own)).status_code == 403
    for user in (other_student, other_supervisor):
        client.force_login(user)
        assert client.get(url("detail", own)).status_code == 404
        assert client.get(url("edit", own)).status_code == 404


def test_supervisor_may_not_change_the_budget(client, own, supervisor):
    client.force_login(supervisor)

    response = client.post(url("edit", own), form_data(**{"cost-0": {"amount": "1"}}))

    assert response.status_code == 403
    assert not BudgetLine.objects.exists()


def test_a_closed_mobilitys_budget_is_read_not_changed(english, student, own):
    line(own, student, Category.HOUSING, "400.00")
    own.outcome = Outcome.CANCELLED
    own.save()
    english.force_login(student)

    assert "Change the budget" not in text(english.get(url("detail", own)))
    assert english.get(url("edit", own)).status_code == 403


@pytest.mark.parametrize("count", [2, 30])
def test_budget_page_queries_do_not_grow_with_its_lines(
    english, coordinator, count, django_assert_max_num_queries
):
    mobility = stay(funding=Funding.ERASMUS)
    grant(mobility, "1000.00")
    for number in range(count):
        line(mobility, coordinator, Category.OTHER_COST, f"{number}.00", Frequency.ONCE)
    english.force_login(coordinator)

    # Session and user, the mobility, its lines, its grant and the grant policy (this grant
    # holds no share of its own); the request's savepoints and the session's update; the
    # header's unread count.
    with django_assert_max_num_queries(12):
        response = english.get(url("detail", mobility))

    assert text(response).count("Other costs") == count


# Changing


def test_student_adds_lines_and_each_is_audited(english, student, own):
    english.force_login(student)
    data = form_data(**{
        "cost-0": {"category": "travel", "amount": "185.50", "frequency": "once", "note": "Flight"},
        "cost-1": {"category": "housing", "amount": "450", "frequency": "monthly"},
        "income-0": {"category": "savings", "amount": "600", "frequency": "once"},
    })  # fmt: skip

    response = english.post(url("edit", own), data, follow=True)

    assert "The budget is saved." in text(response)
    saved = {
        (budget_line.kind, budget_line.category, str(budget_line.amount), budget_line.frequency)
        for budget_line in BudgetLine.objects.filter(budget__mobility=own)
    }
    assert saved == {
        ("cost", "travel", "185.50", "once"),
        ("cost", "housing", "450.00", "monthly"),
        ("income", "savings", "600.00", "once"),
    }
    entries = AuditEntry.objects.filter(object_type="budgets.budgetline", mobility=own)
    assert entries.filter(action=Action.CREATE, actor=student).count() == 3


def test_adding_rows_keeps_what_is_typed_and_saves_nothing(english, student, own):
    english.force_login(student)
    data = form_data(**{
        f"cost-{n}": {"category": "other_cost", "amount": f"{n + 1}0", "frequency": "once"}
        for n in range(3)
    }) | {"more": "cost"}  # fmt: skip

    response = english.post(url("edit", own), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert not BudgetLine.objects.exists()
    assert "Nothing was saved" not in page
    # Three rows typed in, three empty ones added; income keeps its three.
    assert 'name="cost-TOTAL_FORMS" value="6"' in page
    assert 'name="income-TOTAL_FORMS" value="3"' in page
    assert all(f'name="cost-{n}-amount" value="{n + 1}0"' in page for n in range(3))
    assert 'name="cost-5-amount"' in page and 'name="cost-5-amount" value' not in page

    saved = english.post(url("edit", own), {**data, "cost-TOTAL_FORMS": "6", "more": ""})

    assert saved.status_code == 302
    assert BudgetLine.objects.filter(budget__mobility=own).count() == 3


def test_a_dutch_student_types_a_decimal_comma(client, student, own):
    client.force_login(student)
    data = form_data(**{"cost-0": {"category": "travel", "amount": "185,50", "frequency": "once"}})

    client.post(url("edit", own), data)

    assert BudgetLine.objects.get().amount == Decimal("185.50")


def test_negative_amount_refused_with_a_message_and_nothing_saved(english, student, own):
    english.force_login(student)
    data = form_data(**{
        "cost-0": {"category": "travel", "amount": "185", "frequency": "once"},
        "cost-1": {"category": "housing", "amount": "-450", "frequency": "monthly"},
    })  # fmt: skip

    response = english.post(url("edit", own), data)

    page = text(response)
    assert response.status_code == 200
    assert "Nothing was saved: please correct the marked fields." in page
    assert "An amount cannot be negative." in page
    assert not BudgetLine.objects.exists()
    assert not AuditEntry.objects.filter(object_type="budgets.budgetline").exists()


def test_a_row_half_filled_in_says_what_is_missing(english, student, own):
    english.force_login(student)

    page = text(english.post(url("edit", own), form_data(**{"cost-0": {"amount": "100"}})))

    assert "Choose a category." in page
    assert "Choose once or per month." in page
    assert not BudgetLine.objects.exists()


def test_coordinator_changes_and_removes_lines(english, coordinator, student, own):
    rent = line(own, student, Category.HOUSING, "450.00")
    flight = line(own, student, Category.TRAVEL, "300.00", Frequency.ONCE)
    english.force_login(coordinator)
    data = form_data(**{
        "cost-0": {"id": str(rent.pk), "category": "housing", "amount": "500.00",
                   "frequency": "monthly", "note": ""},
        "cost-1": {"id": str(flight.pk), "category": "travel", "amount": "300.00",
                   "frequency": "once", "note": "", "DELETE": "on"},
    })  # fmt: skip
    data["cost-INITIAL_FORMS"] = "2"
    data["cost-TOTAL_FORMS"] = "5"

    english.post(url("edit", own), data)

    assert list(BudgetLine.objects.values_list("category", "amount")) == [("housing", 500)]
    actions = AuditEntry.objects.filter(actor=coordinator).values_list("action", flat=True)
    assert sorted(actions) == [Action.CHANGE, Action.DELETE]


# The PDF


def test_pdf_in_the_readers_language_with_the_figures_and_the_warning(english, student, own):
    hand_example(own, student)
    english.force_login(student)

    response = english.get(url("pdf", own))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="begroting-{own.public_id}.pdf"'
    )
    pdf = pdf_text(response.content)
    for shown in [
        f"Budget of {own.student.full_name}", "Warning: the costs are higher than the income.",
        "€265.00 short", "€115.22 per month", "€1,455.00", "€1,190.00", "Flight", "Room",
    ]:  # fmt: skip
        assert shown in pdf, shown
    dutch_reader = Client()
    dutch_reader.force_login(student)
    dutch = pdf_text(dutch_reader.get(url("pdf", own)).content)
    assert "Begroting van" in dutch
    assert "€1.455,00" in dutch


def test_each_pdf_download_is_in_the_mobility_history(client, supervisor, own):
    client.force_login(supervisor)

    client.get(url("pdf", own))

    entry = AuditEntry.objects.get(object_label="Student's budget")
    assert (entry.action, entry.actor, entry.mobility) == (Action.VIEW, supervisor, own)


# Where the budget is offered


def test_student_home_shows_the_budget_in_short(english, student, own):
    hand_example(own, student)
    english.force_login(student)

    page = text(english.get(reverse("home")))

    assert url("detail", own) in page
    assert url("edit", own) in page
    assert "€632.61 per month, €1,455.00 in total" in page
    assert "Warning: the costs are higher than the income." in page


def test_mobility_page_links_the_budget_and_its_checklist_item(english, supervisor, mentor, own):
    detail = reverse("mobilities:detail", kwargs={"public_id": own.public_id})
    item = own.items.get(template_item__key="preparation-budget")

    english.force_login(supervisor)
    page = english.get(detail).content.decode()
    english.force_login(mentor)
    mentors_page = english.get(detail).content.decode()

    assert page.count(url("detail", own)) == 2  # the card and the item "budget made"
    assert url("edit", own) not in page
    item_html = page.split(f'id="item-{item.public_id}"')[1].split("</li>")[0]
    assert url("detail", own) in item_html
    assert url("detail", own) not in mentors_page
    item.refresh_from_db()
    assert item.status == "open"  # saving a budget never marks the item done


def test_budget_changes_are_left_out_of_the_mentors_history(english, student, mentor, own):
    line(own, student, Category.SAVINGS, "1234.00", Frequency.ONCE)
    detail = reverse("mobilities:detail", kwargs={"public_id": own.public_id})
    student_page = reverse("students:detail", kwargs={"public_id": own.student.public_id})

    english.force_login(student)
    own_history = text(english.get(detail))
    english.force_login(mentor)

    assert "Budget line" in own_history
    assert "1234.00" in own_history
    for page in (detail, student_page):
        assert "1234.00" not in text(english.get(page))
