from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from wegwijzer.core.forms import NameField, SchoolDateField
from wegwijzer.europass.services import FIELDS


class DraftForm(forms.Form):
    """The draft's content; `version` is empty for a draft not saved yet."""

    holder_name = NameField(label=_("Holder"), max_length=250)
    holder_birth_date = SchoolDateField(label=_("Date of birth"), required=False)
    host_name = NameField(label=_("Host organisation"), max_length=200)
    host_city = forms.CharField(label=_("City of the host organisation"), max_length=100)
    host_country = forms.ChoiceField(label=_("Country of the host organisation"), choices=[])
    mentor_name = forms.CharField(
        label=_("Mentor or trainer at the host"), max_length=150, required=False
    )
    first_day = SchoolDateField(label=_("First day"))
    last_day = SchoolDateField(label=_("Last day"))
    objective = forms.CharField(
        label=_("Objective of the mobility"), widget=forms.Textarea(attrs={"rows": 3})
    )
    activities = forms.CharField(
        label=_("Activities and tasks"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Needed before the Europass is issued. Write in English: the Europass is."),
    )
    skills = forms.CharField(
        label=_("Skills and competences acquired"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One per line."),
    )
    language = forms.CharField(label=_("Language used"), max_length=100, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["host_country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [("", "—"), *((code, str(name)) for code, name in countries)]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIELDS}


class IssueForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
