from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.travel.models import Colour


class CountryFilterForm(forms.Form):
    colour = forms.TypedChoiceField(
        label=_("Colour"),
        choices=[("", _("every colour")), *Colour.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    with_mobilities = forms.BooleanField(
        label=_("Only countries with mobilities in progress"), required=False
    )

    def filter(self, countries: Any, codes_with_mobilities: set[str]) -> list[Any]:
        if not self.is_valid():
            return list(countries)
        colour = self.cleaned_data["colour"]
        listed = [c for c in countries if colour is None or c.colour == colour]
        if self.cleaned_data["with_mobilities"]:
            listed = [c for c in listed if str(c.code) in codes_with_mobilities]
        return listed


class ManualColourForm(forms.Form):
    colour = forms.TypedChoiceField(
        label=_("Colour"), choices=Colour.choices, coerce=int, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for setting the colour by hand.")},
    )
