from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.forms import DateInput, DecimalInputField, SchoolDateField
from wegwijzer.funding import layouts
from wegwijzer.funding.models import DayRate, FundingTable, GrantAgreement, Moment, TravelBand


class MobilityGrantForm(forms.Form):
    agreement = forms.ModelChoiceField(
        label=_("Grant agreement"), queryset=GrantAgreement.objects.all()
    )
    green_travel = forms.BooleanField(
        label=_("Green travel (train, bus or car-pooling for most of the journey)"),
        required=False,
    )
    fewer_opportunities = forms.BooleanField(
        label=_("Participant with fewer opportunities (inclusion support)"), required=False
    )
    override_total = DecimalInputField(
        label=_("Set the total by hand (EUR)"),
        required=False,
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty to use the computed total."),
    )
    override_reason = forms.CharField(
        label=_("Reason for the total set by hand"), required=False, widget=forms.Textarea
    )


class GrantAgreementForm(forms.ModelForm[GrantAgreement]):
    class Meta:
        model = GrantAgreement
        fields = ["name", "project_number", "call_year", "start", "end", "budget"]
        field_classes = {
            "start": SchoolDateField,
            "end": SchoolDateField,
            "budget": DecimalInputField,
        }
        widgets = {"start": DateInput(), "end": DateInput()}


class FundingTableForm(forms.ModelForm[FundingTable]):
    class Meta:
        model = FundingTable
        fields = [
            "call_year", "source", "is_example", "minimum_days", "maximum_days",
            "travel_days_standard", "travel_days_green", "organisational_support",
            "inclusion_support", "dutch_caribbean_group",
        ]  # fmt: skip
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}
        field_classes = {
            "organisational_support": DecimalInputField,
            "inclusion_support": DecimalInputField,
        }


DayRateFormSet = forms.inlineformset_factory(
    FundingTable,
    DayRate,
    fields=["country_group", "day_rate", "day_rate_from_day_15"],
    field_classes={"day_rate": DecimalInputField, "day_rate_from_day_15": DecimalInputField},
    extra=3,
    max_num=3,
    can_delete=True,
)
TravelBandFormSet = forms.inlineformset_factory(
    FundingTable,
    TravelBand,
    fields=["minimum_km", "maximum_km", "standard", "green"],
    field_classes={"standard": DecimalInputField, "green": DecimalInputField},
    extra=1,
    can_delete=True,
)


# The grant policy and payments (policy.py)


class GrantPolicyForm(forms.Form):
    student_share = forms.IntegerField(
        label=_("Student's share in percent"),
        min_value=0,
        max_value=100,
        help_text=_(
            "Of the individual and travel support, what the student receives (0 to 100). The "
            "rest the school keeps, e.g. to book the travel and housing for the student. "
            "Organisational and inclusion support are for the school and never part of it."
        ),
    )


class InstalmentForm(forms.Form):
    percent = forms.IntegerField(label=_("Percent"), min_value=1, max_value=100)
    # An empty first choice: the blank row for a new instalment is left out unless filled in.
    moment = forms.ChoiceField(label=_("When"), choices=[("", "---------"), *Moment.choices])
    days = forms.IntegerField(
        label=_("Days"),
        min_value=0,
        required=False,
        help_text=_(
            "Before departure: how many days before. After the return: how many days after."
        ),
    )


InstalmentFormSet = forms.formset_factory(InstalmentForm, extra=1, can_delete=True)


class RecordPaidForm(forms.Form):
    paid_on = SchoolDateField(label=_("Paid on"))
    amount = DecimalInputField(
        label=_("Amount paid (EUR)"), min_value=Decimal(0), max_digits=10, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the amount differs from the planned amount."),
    )


class UndoPaidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this payment not paid after all?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The Erasmus+ participant report (participant_report.py)


class ParticipantReportForm(forms.Form):
    on = SchoolDateField(label=_("Filled in on"))


class ReportImportForm(forms.Form):
    """A CSV file, the first column student numbers or e-mail addresses; shown as a dry run
    first. The confirmation posts the list back as text (`lines`), not the file."""

    file = forms.FileField(
        label=_("List of students who filled in the report (CSV)"),
        required=False,
        help_text=_(
            "One student per line, the student number or e-mail address in the first column, "
            "e.g. the EU Survey's export."
        ),
    )
    lines = forms.CharField(widget=forms.HiddenInput, required=False)
    on = SchoolDateField(label=_("Filled in on"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not cleaned.get("lines"):
            raise forms.ValidationError(_("Choose a file."))
        return cleaned


class LayoutForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    slug = forms.SlugField(label=_("Short name in the address"), max_length=60)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    columns = forms.CharField(
        label=_("Columns"),
        # The Beneficiary Module's template, and so its headings, are in English.
        widget=forms.Textarea(attrs={"rows": 20, "lang": "en"}),
        help_text=_(
            "One column a line, in order: heading | source | format. The sources and the "
            "formats are explained below the form."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_columns(self) -> list[dict[str, str]]:
        return layouts.columns_from_lines(self.cleaned_data["columns"])
