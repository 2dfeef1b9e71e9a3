import pytest
from django.core.management import call_command
from django.urls import reverse

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import AuditEntry
from wegwijzer.budgets.models import BudgetLine
from wegwijzer.mobilities.models import Mobility


@pytest.mark.django_db
def test_demo_budgets_one_short_one_covered_and_loading_twice_changes_nothing(settings, english):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-logins")
    lines = BudgetLine.objects.count()
    entries = AuditEntry.objects.filter(object_type="budgets.budgetline").count()

    call_command("load_demo", "--quiet-logins")

    assert lines == BudgetLine.objects.count() > 0
    assert entries == AuditEntry.objects.filter(object_type="budgets.budgetline").count()
    english.force_login(User.objects.get(username="student"))
    own = Mobility.objects.get(student__user__username="student")
    cape_town = Mobility.objects.get(student__student_number="540013")
    assert (
        "The income covers the costs"
        in english.get(reverse("budgets:detail", args=[own.public_id])).content.decode()
    )
    english.force_login(User.objects.get(username="coordinator"))
    short = english.get(reverse("budgets:detail", args=[cape_town.public_id])).content.decode()
    assert "Warning: the costs are higher than the income." in short
    budget_items = [
        mobility.items.get(template_item__key="preparation-budget")
        for mobility in Mobility.objects.filter(budget__isnull=False).in_progress()
    ]
    assert {item.status for item in budget_items} <= {"to_check", "done", "waived"}
    assert "to_check" in {item.status for item in budget_items}
