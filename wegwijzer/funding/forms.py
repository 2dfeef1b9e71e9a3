from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.funding.models import DayRate, FundingTable, GrantAgreement, TravelBand


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
    override_total = forms.DecimalField(
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
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class FundingTableForm(forms.ModelForm[FundingTable]):
    class Meta:
        model = FundingTable
        fields = [
            "call_year", "source", "is_example", "minimum_days", "maximum_days",
            "travel_days_standard", "travel_days_green", "organisational_support",
            "inclusion_support",
        ]  # fmt: skip
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}


DayRateFormSet = forms.inlineformset_factory(
    FundingTable,
    DayRate,
    fields=["country_group", "day_rate", "day_rate_from_day_15"],
    extra=3,
    max_num=3,
    can_delete=True,
)
TravelBandFormSet = forms.inlineformset_factory(
    FundingTable,
    TravelBand,
    fields=["minimum_km", "maximum_km", "standard", "green"],
    extra=1,
    can_delete=True,
)
