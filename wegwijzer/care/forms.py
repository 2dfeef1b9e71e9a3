from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.care.models import Answer, Incident
from wegwijzer.core.countries import country_name
from wegwijzer.core.forms import DateInput, SchoolDateField


class StartRollCallForm(forms.Form):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to ask everyone who is abroad today."),
    )
    message = forms.CharField(
        label=_("Message to the students"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happened and what you ask of them. It is in the e-mail they get."),
    )
    reminder_hours = forms.IntegerField(
        label=_("Remind who has not answered after (hours)"),
        min_value=0,
        max_value=72,
        initial=2,
        help_text=_("0: no automatic reminders. You can always send reminders yourself."),
    )

    def __init__(self, *args: Any, countries: list[tuple[str, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["countries"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - declared above
        field.choices = [(code, f"{country_name(code)} ({count})") for code, count in countries]


class AnswerForm(forms.Form):
    """The student's answer: phone-first and tiny, they may be in a crisis."""

    answer = forms.ChoiceField(
        label=_("How are you?"), choices=Answer.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    location = forms.CharField(
        label=_("Where are you now? (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "kind", "severity", "occurred_on", "description", "actions_taken", "follow_up_on",
            "follow_up_done",
        ]  # fmt: skip
        field_classes = {"occurred_on": SchoolDateField, "follow_up_on": SchoolDateField}
        widgets = {
            "occurred_on": DateInput(),
            "follow_up_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "actions_taken": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "severity": _("Serious and critical incidents are e-mailed to every coordinator."),
        }


class NewIncidentForm(IncidentForm):
    break_off = forms.BooleanField(
        label=_("Break off the stay: the student comes home"),
        required=False,
        help_text=_("Closes the mobility as broken off, with what happened as the reason."),
    )

    class Meta(IncidentForm.Meta):
        fields = [name for name in IncidentForm.Meta.fields if name != "follow_up_done"]

    def __init__(self, *args: Any, may_break_off: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_break_off:
            del self.fields["break_off"]

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
