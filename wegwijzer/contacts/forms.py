from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.contacts.models import STAFF_CHANNELS, ContactAgreement, ContactEntry, Participant
from wegwijzer.core.forms import DateInput, SchoolDateField

WELLBEING_CHOICES = [
    (5, _("5: very good")),
    (4, _("4: good")),
    (3, _("3: all right")),
    (2, _("2: not so good")),
    (1, _("1: bad")),
]


class AgreementForm(forms.ModelForm):
    first_weeks = forms.IntegerField(
        label=_("First weeks"), min_value=0, max_value=52,
        help_text=_("The first weeks after the departure, with more frequent contact."),
    )  # fmt: skip
    first_every_days = forms.IntegerField(
        label=_("In the first weeks, every (days)"), min_value=1, max_value=90
    )
    then_every_days = forms.IntegerField(
        label=_("After that, every (days)"), min_value=1, max_value=90
    )
    participants = forms.MultipleChoiceField(
        label=_("With whom"), choices=Participant.choices, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ContactAgreement
        fields = ["first_weeks", "first_every_days", "then_every_days", "channel",
                  "participants", "note"]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EntryForm(forms.ModelForm):
    """A contact logged by staff; the wellbeing score is optional for them."""

    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    participants = forms.MultipleChoiceField(
        label=_("Who took part"), choices=Participant.choices, widget=forms.CheckboxSelectMultiple
    )
    wellbeing = forms.TypedChoiceField(
        label=_("Wellbeing (1-5)"), choices=[("", _("Not scored")), *WELLBEING_CHOICES],
        coerce=int, empty_value=None, required=False, widget=forms.RadioSelect,
    )  # fmt: skip
    newest = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ContactEntry
        fields = ["held_on", "channel", "participants", "wellbeing", "how_doing", "homesick",
                  "concerns", "actions", "actions_by", "confidential"]  # fmt: skip
        field_classes = {"held_on": SchoolDateField, "actions_by": SchoolDateField}
        widgets = {
            "held_on": DateInput(),
            "actions_by": DateInput(),
            "how_doing": forms.Textarea(attrs={"rows": 3}),
            "concerns": forms.Textarea(attrs={"rows": 2}),
            "actions": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "confidential": _(
                "Only the coordinators and the stay's supervisor then read its texts and "
                "wellbeing; the mentor and the student see that a contact was held."
            ),
        }

    def facts(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CheckInForm(forms.Form):
    """The student's check-in on a phone: a score, a line, and whether they want a call."""

    wellbeing = forms.TypedChoiceField(
        label=_("How are you doing?"), choices=WELLBEING_CHOICES, coerce=int,
        widget=forms.RadioSelect,
    )  # fmt: skip
    how_doing = forms.CharField(
        label=_("How is it going? (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    wants_contact = forms.BooleanField(
        label=_("I'd like contact with my supervisor"), required=False
    )
    newest = forms.CharField(widget=forms.HiddenInput, required=False)
