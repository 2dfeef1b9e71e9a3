import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from wegwijzer.core.forms import SchoolDateField
from wegwijzer.whereabouts.facts import UNKNOWN, Colour


@dataclass(frozen=True)
class Choice:
    """The day and filters a list or export is for; what the audit trail notes."""

    day: datetime.date
    country: str = ""
    colour: str = ""

    def as_query(self) -> dict[str, str]:
        """The choice as the page's address carries it: no personal data, only codes."""
        query = {"day": self.day.isoformat(), "country": self.country, "colour": self.colour}
        return {name: value for name, value in query.items() if value}


class WhereaboutsForm(forms.Form):
    """The day (today unless chosen), a country and a travel advice colour; sent by GET."""

    day = SchoolDateField(label=_("Day"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    colour = forms.ChoiceField(
        label=_("Travel advice"),
        required=False,
        choices=[("", _("All colours")), *Colour.choices, (UNKNOWN, _("not known yet"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every country, by name in the active language: a fixed list, where the countries
        # stays ever went to would take reading every stay on each request.
        fields: Any = self.fields
        fields["country"].choices = [("", _("All countries")), *countries]

    def choice(self, today: datetime.date) -> Choice:
        """The valid part of what was asked; an invalid field falls back to its default."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return Choice(
            day=cleaned.get("day") or today,
            country=cleaned.get("country", ""),
            colour=cleaned.get("colour", ""),
        )
