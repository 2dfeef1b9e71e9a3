"""The forms of a stay's terms, the school's wording of its agreements and its settings."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.agreements import wording
from wegwijzer.agreements.models import AgreementSettings, StayTerms
from wegwijzer.core.forms import DecimalInputField


class TermsForm(forms.ModelForm[StayTerms]):
    """What the student does and learns, how it is assessed and who guides them; the
    version of the terms it was made from rides along."""

    # "32,5" the Dutch way, "32.5" the English way.
    hours_per_week = DecimalInputField(
        label=_("Hours per week"), required=False, max_digits=4, decimal_places=1,
        min_value=Decimal("0.5"), max_value=Decimal(80), help_text=_("For example 32 or 32,5."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = StayTerms
        fields = [
            "tasks", "learning_outcomes", "assessment", "hours_per_week", "working_days",
            "trainer_name", "trainer_email", "trainer_phone", "supervision",
        ]  # fmt: skip
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 5}),
            "learning_outcomes": forms.Textarea(attrs={"rows": 5}),
            "assessment": forms.Textarea(attrs={"rows": 4}),
            "supervision": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "tasks": _("The work the student does at the host company, one task per line."),
            "learning_outcomes": _(
                "What the student will have learned: for the Learning Agreement."
            ),
            "assessment": _(
                "How and by whom the stay is assessed, and how the school recognises it."
            ),
            "working_days": _("For example: Monday to Friday, 9:00 to 17:00."),
            "supervision": _(
                "Who contacts whom, how and how often: contact moments, visits, calls."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer_phone"].widget.attrs.update(autocomplete="off", inputmode="tel")
        self.fields["trainer_email"].widget.attrs.update(autocomplete="off")


class WordingForm(forms.Form):
    """The school's wording of one kind in one language, checked against the placeholders
    an agreement knows; the version of the row it was made from rides along."""

    body = forms.CharField(label=_("Wording"), widget=forms.Textarea(attrs={"rows": 24}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The text is in the language being worded, which may not be the page's.
        self.fields["body"].widget.attrs.update({"lang": language, "spellcheck": "true"})

    def clean_body(self) -> str:
        # A browser sends a text area's lines with "\r\n"; the defaults have "\n".
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        try:
            wording.check(body)
        except wording.PlaceholderError as error:
            raise forms.ValidationError(str(error), code="placeholder") from None
        return body


class VersionForm(forms.Form):
    """The confirmation of a reset, with the version of the row it was shown for."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SettingsForm(forms.ModelForm[AgreementSettings]):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = AgreementSettings
        fields = ["mentors_read", "students_edit_terms"]
