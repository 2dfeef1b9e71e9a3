import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.mobilities.models import Mobility
from wegwijzer.students.models import Student


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


class MobilityForm(forms.ModelForm):
    """The facts of a mobility. The student is chosen when the mobility is made."""

    class Meta:
        model = Mobility
        fields = [
            "student", "type", "destination_country", "destination_city", "address_abroad",
            "host_company", "supervisor", "departure_date", "return_date", "funding",
            "exam_abroad", "extended",
        ]  # fmt: skip
        widgets = {
            "departure_date": DateInput(),
            "return_date": DateInput(),
            "address_abroad": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["student"]
        else:
            # Whether a stay is extended only comes up once it is under way.
            del self.fields["extended"]
            student = cast(forms.ModelChoiceField, self.fields["student"])
            student.queryset = Student.objects.select_related("programme")
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
        return cleaned

    def facts(self) -> dict[str, object]:
        """The cleaned values to hand to the services, without the student."""
        return {key: value for key, value in self.cleaned_data.items() if key != "student"}
