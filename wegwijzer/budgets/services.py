"""Adding, changing and removing the lines of a student's budget; each change audited.

Each line added, changed or removed is one entry in the mobility's history, with the
student. Downloading the budget as a PDF is recorded too: it holds the student's money.
A budget saved with at least one cost and one income marks its checklist item done, to be
checked by the school (never done by itself).
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record, snapshot
from wegwijzer.budgets.models import BUDGET_ITEM, CATEGORIES, Budget, BudgetLine, Kind
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility

# The labels are translated when the history is shown (audit/_history.html).
LINE_LABEL = gettext_noop("Budget line")
PDF_LABEL = gettext_noop("Student's budget")
FIELDS = ["kind", "category", "amount", "frequency", "note"]


def add_line(
    mobility: Mobility,
    *,
    by: User,
    kind: str,
    category: str,
    amount: Decimal,
    frequency: str,
    note: str = "",
) -> BudgetLine:
    """A new line; the mobility's budget is made with its first line."""
    with transaction.atomic():
        budget, _created = Budget.objects.get_or_create(mobility=mobility)
        line = BudgetLine(
            budget=budget, kind=kind, category=category, amount=amount,
            frequency=frequency, note=note.strip(),
        )  # fmt: skip
        _check(line)
        line.save()
        budget.mobility = mobility  # the one in hand, with its student, for the audit entry
        _record(line, by=by, action=Action.CREATE, changes=snapshot(line, FIELDS, created=True))
    return line


def change_line(line: BudgetLine, *, by: User, **values: Any) -> BudgetLine:
    """Change a line's category, amount, frequency or note; nothing happens when none differs."""
    if "note" in values:
        values["note"] = (values["note"] or "").strip()
    stored = BudgetLine.objects.get(pk=line.pk)
    changes = changed_fields(stored, values)
    if not changes:
        return line
    with transaction.atomic():
        for name, value in values.items():
            setattr(line, name, value)
        _check(line)
        line.save(update_fields=list(changes))
        _record(line, by=by, action=Action.CHANGE, changes=changes)
    return line


def remove_line(line: BudgetLine, *, by: User) -> None:
    with transaction.atomic():
        _record(line, by=by, action=Action.DELETE, changes=snapshot(line, FIELDS, created=False))
        line.delete()


def save_lines(mobility: Mobility, *, by: User, formsets: Iterable[Any]) -> None:
    """The budget form's formsets (validated, one per kind), all or nothing: each form
    becomes a line added, changed or removed."""
    with transaction.atomic():
        for formset in formsets:
            deleted = set(formset.deleted_forms)
            for form in formset.forms:
                if not form.has_changed() and form not in deleted:
                    continue
                values = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
                line = form.instance
                if line.pk is None:
                    if form not in deleted:
                        add_line(mobility, by=by, kind=formset.kind, **values)
                elif form in deleted:
                    remove_line(line, by=by)
                else:
                    change_line(line, by=by, **values)
        submit_budget_item(mobility, by=by)


def submit_budget_item(mobility: Mobility, *, by: User) -> None:
    """A budget with a cost and an income is made: its open checklist item is marked done,
    waiting for the school's check, whoever saved it. An item waiting already, done or
    waived is left as it is, and so is one nobody checks."""
    kinds = set(BudgetLine.objects.filter(budget__mobility=mobility).values_list("kind", flat=True))
    if not {Kind.COST, Kind.INCOME} <= kinds or not mobility.is_open:
        return
    item = mobility.items.filter(
        template_item__key=BUDGET_ITEM, applicable=True, status=ItemStatus.OPEN
    ).first()
    if item is None or not item.checker:
        return
    item.mobility = mobility  # the one in hand, with its student, for the audit entry
    mobility_services.complete_item(
        item, by=by, version=item.version, done_on=timezone.localdate(), note=item.note,
        for_check=True,
    )  # fmt: skip


def record_pdf_download(mobility: Mobility, *, by: User) -> None:
    record(
        by=by, action=Action.VIEW, obj=mobility, label=PDF_LABEL,
        mobility=mobility, student=mobility.student, note="PDF",
    )  # fmt: skip


def _check(line: BudgetLine) -> None:
    """A clear message for what the database would refuse too."""
    if line.amount is not None and line.amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    if line.category not in CATEGORIES.get(line.kind, []):
        raise ValidationError({"category": _("Choose a category of this list.")})
    line.full_clean(exclude=["budget"])


def _record(
    line: BudgetLine, *, by: User, action: Action, changes: dict[str, tuple[Any, Any]]
) -> None:
    mobility = line.budget.mobility
    record(
        by=by, action=action, obj=line, label=LINE_LABEL, mobility=mobility,
        student=mobility.student, changes=changes,
    )  # fmt: skip
