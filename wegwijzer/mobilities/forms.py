import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.core.countries import country_name
from wegwijzer.core.forms import DateInput, SchoolDateField
from wegwijzer.documents.forms import DocumentField
from wegwijzer.funding.distance import city_by_id, country_code, find_city
from wegwijzer.mobilities.models import DecisionChoice, Funding, Mobility
from wegwijzer.mobilities.services import STALE_MOBILITY
from wegwijzer.students.models import Student


class MobilityForm(forms.ModelForm):
    """The facts of a mobility. The student is chosen when the mobility is made.

    The edit form carries the version of the stay it was made from, so a save over a
    change its user has not seen is refused (StaleMobilityError) instead of undoing it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Mobility
        fields = [
            "student", "type", "destination_country", "destination_city",
            "destination_city_geoname_id", "address_abroad",
            "host_company", "supervisor", "departure_date", "return_date", "funding",
            "exam_abroad", "extended",
        ]  # fmt: skip
        field_classes = {"departure_date": SchoolDateField, "return_date": SchoolDateField}
        help_texts = {
            "destination_city": _(
                "Type to search: the cities that fit are shown with their country. For "
                "Erasmus+ the city must be one of them; otherwise any place will do."
            ),
        }
        widgets = {
            # Set by the search box when a city is chosen, emptied when the city is typed.
            "destination_city_geoname_id": forms.HiddenInput(),
            # The search box (funding/cities.py, mobilities/city_search.js); city names are
            # no personal data, so they may go in the URL.
            "destination_city": forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "data-city-search": "",
                    "data-country-field": "id_destination_country",
                    "data-hx-get": reverse_lazy("funding:city-search"),
                    "data-hx-trigger": "input changed delay:300ms",
                    "data-hx-target": "#city-suggestions",
                    "data-hx-sync": "this:replace",
                }
            ),
            "departure_date": DateInput(),
            "return_date": DateInput(),
            "address_abroad": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["student"]
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            # Whether a stay is extended only comes up once it is under way.
            del self.fields["extended"]
            student = cast(forms.ModelChoiceField, self.fields["student"])
            student.queryset = Student.objects.not_erased().select_related("programme")
        supervisor = cast(forms.ModelChoiceField, self.fields["supervisor"])
        supervisor.queryset = User.objects.filter(role=Role.SUPERVISOR)

    def clean_departure_date(self) -> datetime.date:
        departure: datetime.date = self.cleaned_data["departure_date"]
        if self.instance.pk is None and departure < timezone.localdate():
            raise forms.ValidationError(_("A new mobility cannot depart in the past."))
        return departure

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        departure, return_date = cleaned.get("departure_date"), cleaned.get("return_date")
        if departure and return_date and return_date < departure:
            self.add_error("return_date", _("The return cannot be before the departure."))
        if cleaned.get("destination_city") and cleaned.get("destination_country"):
            self._clean_city(cleaned)
        return cleaned

    def _clean_city(self, cleaned: dict[str, Any]) -> None:
        clean_destination_city(self, cleaned)

    def facts(self) -> dict[str, object]:
        """The cleaned values to hand to the services, without the student."""
        return {key: value for key, value in self.cleaned_data.items() if key != "student"}

    def changes(self) -> dict[str, object]:
        """The facts the user changed on the edit form."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "version"}


def clean_destination_city(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    """The city as GeoNames spells it when it is known; for Erasmus+ it must be (the
    mobility form and the group stay form).

    "Valencia, ES" (a choice from the search box without JavaScript) is the city Valencia
    in Spain, and must agree with the country chosen.
    """
    city, country = cleaned["destination_city"].strip(), str(cleaned["destination_country"])
    picked = city_by_id(cleaned.get("destination_city_geoname_id") or 0)
    if picked and picked.name == city and picked.country_code == country:
        return  # the city chosen in the search box, namesakes or not
    cleaned["destination_city_geoname_id"] = None
    name, _comma, named_country = (part.strip() for part in city.rpartition(","))
    named_code = _known_country(named_country) if name else None
    if named_code:
        city = name
        if named_code != country:
            message = _(
                "You chose %(city)s in %(named)s, but the destination country is "
                "%(country)s. Choose the city again, or change the country."
            )
            named, chosen = country_name(named_code), country_name(country)
            form.add_error(
                "destination_city",
                message % {"city": name, "named": named, "country": chosen},
            )
            return
    try:
        found = find_city(f"{city}, {country}")
        cleaned["destination_city"] = found.name
        cleaned["destination_city_geoname_id"] = found.geoname_id
    except ValidationError as error:
        if cleaned.get("funding") == Funding.ERASMUS:
            message = _("For Erasmus+ the travel distance is measured to a known city: %(problem)s")
            form.add_error("destination_city", message % {"problem": error.messages[0]})
        else:
            cleaned["destination_city"] = city


def _known_country(text: str) -> str | None:
    try:
        return country_code(text) if text else None
    except ValidationError:
        return None


# Checklist items. Each form carries the version of the item it was shown with: the
# services refuse a change to an item that changed since (StaleItemError).


class ItemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CompleteItemForm(ItemForm):
    done_on = SchoolDateField(label=_("Done on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document = DocumentField(label=_("Document (optional)"), required=False)

    def clean_done_on(self) -> datetime.date:
        done_on: datetime.date = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The day it was done cannot be in the future."))
        return done_on


class WaiveItemForm(ItemForm):
    reason = forms.CharField(
        label=_("Reason for waiving"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for waiving this item.")},
    )


class ReopenItemForm(ItemForm):
    pass


class AcceptItemForm(ItemForm):
    pass


class SendBackItemForm(ItemForm):
    reason = forms.CharField(
        label=_("Reason for sending it back"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for sending it back: the student reads it.")},
    )


class UploadForm(ItemForm):
    document = DocumentField(error_messages={"required": _("Choose a file to upload.")})


# Steps, the go/no-go and the outcome. Each form carries the version of the stay it was
# shown with: the services refuse a move on a stay that changed since (StaleMobilityError),
# so a repeated or stale post changes nothing.


class ControlForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, current_version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The stay's version now; the service checks it again under the row lock.
        self.current_version = current_version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.current_version is not None and cleaned.get("version") != self.current_version:
            raise forms.ValidationError(STALE_MOBILITY)
        return cleaned


class AdvanceForm(ControlForm):
    """Moving on: an override reason is asked for while required items of the step are open."""

    override_reason = forms.CharField(
        label=_("Reason to move on with open items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, open_count: int = 0, travel_warning: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.open_count = open_count
        # The travel advice colour of a destination at or above the school's threshold,
        # when moving on prepares the departure (travel app).
        self.travel_warning = travel_warning
        if travel_warning and not open_count:
            self.fields["override_reason"].label = _("Reason to go despite the travel advice")
        if not (open_count or travel_warning):
            del self.fields["override_reason"]

    def clean_override_reason(self) -> str:
        reason: str = self.cleaned_data.get("override_reason", "").strip()
        if reason or not self._needs_override():
            return reason
        if self.open_count:
            raise forms.ValidationError(
                _("Required items of this step are still open: give a reason to move on anyway.")
            )
        if self.travel_warning:
            raise forms.ValidationError(
                _("The travel advice is %(colour)s: give a reason to go anyway.")
                % {"colour": self.travel_warning}
            )
        return reason

    def _needs_override(self) -> bool:
        return True

    def override(self) -> str:
        return str(self.cleaned_data.get("override_reason", ""))


class DepartForm(AdvanceForm):
    """Step 3 to 4: the day the student actually left (the planned one unless told)."""

    on = SchoolDateField(label=_("Actual departure"))
    field_order = ["on", "override_reason"]


class CompleteForm(AdvanceForm):
    """Closing a stay as completed: the day the student actually came back."""

    on = SchoolDateField(label=_("Actual return"))
    field_order = ["on", "override_reason"]


class MoveBackForm(ControlForm):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(AdvanceForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DecisionChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose go or no-go.")},
    )
    decided_on = SchoolDateField(label=_("Decided on"))
    reason = forms.CharField(
        label=_("Reason for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )
    field_order = ["decision", "decided_on", "reason", "override_reason"]

    def _needs_override(self) -> bool:
        # Only a go moves on to the next step; a no-go ends the mobility.
        return self.cleaned_data.get("decision") == DecisionChoice.GO


class CloseForm(ControlForm):
    """Cancelling before departure or breaking off abroad: why and on which day."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason.")},
    )
    on = SchoolDateField(label=_("Date"))


class ReopenForm(ControlForm):
    """Opening a closed stay again: always with a reason, kept in the history."""

    reason = forms.CharField(
        label=_("Reason to reopen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason to reopen the stay.")},
    )


class ExtendForm(ControlForm):
    """A longer stay abroad: the new planned return and why."""

    new_return = SchoolDateField(label=_("New planned return"))
    reason = forms.CharField(
        label=_("Reason for the extension"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the extension.")},
    )
