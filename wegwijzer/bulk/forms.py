from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.bulk import export, selection
from wegwijzer.bulk.actions import Action


class ChoiceForm(forms.Form):
    """The form above a list: which action, for which rows."""

    action = forms.ChoiceField(label=gettext_lazy("Action"))
    scope = forms.ChoiceField(
        label=gettext_lazy("For"),
        choices=[
            (selection.TICKED, gettext_lazy("the ticked rows")),
            (selection.ALL, gettext_lazy("all rows matching the filter")),
        ],
        initial=selection.TICKED,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, offered: list[Action], exports: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        action: Any = self.fields["action"]
        action.choices = [
            ("", _("Choose an action")),
            *((a.key, a.label) for a in offered),
            *(export.CHOICES if exports else []),
        ]
