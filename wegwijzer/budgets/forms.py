from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.budgets.models import CATEGORIES, BudgetLine, Frequency, Kind
from wegwijzer.core.forms import DecimalInputField

# Blank rows to fill in below the lines there are; to add more, save and edit again.
EXTRA_ROWS = 3


class BudgetLineForm(forms.ModelForm[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["category", "amount", "frequency", "note"]
        # Dutch students type "450,50", and some "450.50".
        field_classes = {"amount": DecimalInputField}

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", "—"), *((c.value, c.label) for c in CATEGORIES[kind])]
        frequency = cast(forms.ChoiceField, self.fields["frequency"])
        frequency.choices = [("", "—"), *Frequency.choices]
        frequency.error_messages["required"] = _("Choose once or per month.")
        self.fields["amount"].widget.attrs.update(inputmode="decimal", autocomplete="off")
        self.fields["amount"].error_messages["required"] = _("Fill in an amount.")
        self.fields["category"].error_messages["required"] = _("Choose a category.")


class BaseLineFormSet(forms.BaseModelFormSet):
    """The lines of one kind; `kind` is passed on to each form."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        kwargs["form_kwargs"] = {"kind": kind}
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.ModelForm[Any], index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Remove this line")

    @property
    def legend(self) -> str:
        return str(_("Expected costs") if self.kind == Kind.COST else _("Income"))


LineFormSet = forms.modelformset_factory(
    BudgetLine, form=BudgetLineForm, formset=BaseLineFormSet, extra=EXTRA_ROWS, can_delete=True
)


def line_formsets(budget_lines: Any, data: Any = None) -> list[Any]:
    """One formset for the costs and one for the income, over the budget's lines."""
    return [
        LineFormSet(
            data,
            kind=kind,
            prefix=kind,
            queryset=budget_lines.filter(kind=kind),
        )
        for kind in (Kind.COST, Kind.INCOME)
    ]
