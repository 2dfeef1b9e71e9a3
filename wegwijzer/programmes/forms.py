from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.programmes.models import Owner, Programme, Step, TemplateItem
from wegwijzer.programmes.services import ItemAdjustment, template_items

# A due date more than two years from the departure or return is a typing error.
MAX_OFFSET_DAYS = 730


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name", "qualification_code", "level", "abroad_mandatory", "minimum_age",
            "requirements", "follows_international_ii", "assessment_scale",
        ]  # fmt: skip
        widgets = {"requirements": forms.Textarea(attrs={"rows": 3})}


class OwnItemForm(forms.ModelForm):
    """An item of a programme's own checklist template."""

    owners = forms.MultipleChoiceField(
        label=gettext_lazy("Done by"), choices=Owner.choices, widget=forms.CheckboxSelectMultiple
    )
    offset_days = forms.IntegerField(
        label=gettext_lazy("Days after (negative: before)"),
        min_value=-MAX_OFFSET_DAYS,
        max_value=MAX_OFFSET_DAYS,
        initial=0,
        help_text=gettext_lazy("Negative numbers are days before the departure or return."),
    )

    class Meta:
        model = TemplateItem
        fields = [
            "step", "title", "description", "owners", "required", "anchor", "offset_days",
            "condition", "checker",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


@dataclass
class TemplateRow:
    """One line of the checklist template page: an item, with its fields when it has any."""

    item: TemplateItem
    used: BoundField | None = None
    days: BoundField | None = None


class DefaultItemsForm(forms.Form):
    """For each default item: whether the programme uses it (optional items only) and when
    it is due. The programme's own items are listed alongside, without fields."""

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.items = list(template_items(programme))
        settings = {setting.template_item_id: setting for setting in programme.item_settings.all()}
        for item in self.items:
            if item.programme_id is None:
                self._add_fields(item, settings.get(item.pk))

    def _add_fields(self, item: TemplateItem, setting: Any) -> None:
        title = _(item.title)
        if not item.required:
            self.fields[f"used-{item.key}"] = forms.BooleanField(
                label=_("Used: %(title)s") % {"title": title},
                required=False,
                initial=setting.enabled if setting else True,
            )
        offset = setting.offset_days if setting and setting.offset_days is not None else None
        self.fields[f"days-{item.key}"] = forms.IntegerField(
            label=_("Days for: %(title)s") % {"title": title},
            min_value=-MAX_OFFSET_DAYS,
            max_value=MAX_OFFSET_DAYS,
            initial=item.offset_days if offset is None else offset,
        )

    def steps(self) -> list[tuple[str, list[TemplateRow]]]:
        """The items grouped by the five steps, each with its fields."""
        rows: dict[int, list[TemplateRow]] = {step.value: [] for step in Step}
        for item in self.items:
            used, days = f"used-{item.key}", f"days-{item.key}"
            rows[item.step].append(
                TemplateRow(
                    item,
                    self[used] if used in self.fields else None,
                    self[days] if days in self.fields else None,
                )
            )
        return [(str(Step(step).label), step_rows) for step, step_rows in rows.items()]

    def adjustments(self) -> list[ItemAdjustment]:
        return [
            ItemAdjustment(
                template_item=item,
                enabled=self.cleaned_data.get(f"used-{item.key}", True),
                offset_days=self.cleaned_data[f"days-{item.key}"],
            )
            for item in self.items
            if item.programme_id is None
        ]
