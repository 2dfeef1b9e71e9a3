import datetime
import re
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.core.forms import SchoolDateField
from wegwijzer.groups.models import GroupStay
from wegwijzer.mobilities.forms import MobilityForm, clean_destination_city

# The form's fields that are no facts of the group: the staff are handed on apart.
NOT_FACTS = frozenset({"staff", "version"})


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user = cast(User, obj)
        return f"{user} ({user.get_role_display()})"


class GroupStayForm(forms.ModelForm):
    """The facts of a group stay. The edit form carries the version of the group it was
    made from, so a save over a change its user has not seen is refused (StaleGroupError)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    staff = StaffChoiceField(
        label=_("Accompanying staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Students added to the group get the first supervisor among them as the "
            "supervisor of their stay."
        ),
    )

    class Meta:
        model = GroupStay
        fields = [
            "name", "type", "destination_country", "destination_city",
            "destination_city_geoname_id", "address_abroad", "departure_date", "return_date",
            "staff", "programme", "host_company", "notes",
        ]  # fmt: skip
        field_classes = {"departure_date": SchoolDateField, "return_date": SchoolDateField}
        help_texts = {
            "name": _("For example “Uitwisseling Lyon VZ3A”."),
            "destination_city": MobilityForm.Meta.help_texts["destination_city"],
        }
        # The destination as the mobility form asks it, with its city search box.
        widgets = {
            **{
                name: MobilityForm.Meta.widgets[name]
                for name in (
                    "destination_city_geoname_id", "destination_city", "departure_date",
                    "return_date",
                )
            },
            "address_abroad": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = cast(StaffChoiceField, self.fields["staff"])
        staff.queryset = User.objects.filter(
            role__in=[Role.SUPERVISOR, Role.MENTOR, Role.COORDINATOR], is_active=True
        ).order_by("last_name", "first_name", "pk")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean_departure_date(self) -> datetime.date:
        departure: datetime.date = self.cleaned_data["departure_date"]
        if self.instance.pk is None and departure < timezone.localdate():
            raise forms.ValidationError(_("A new group stay cannot depart in the past."))
        return departure

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        departure, return_date = cleaned.get("departure_date"), cleaned.get("return_date")
        if departure and return_date and return_date < departure:
            self.add_error("return_date", _("The return cannot be before the departure."))
        if cleaned.get("destination_city") and cleaned.get("destination_country"):
            clean_destination_city(self, cleaned)
        return cleaned

    def facts(self) -> dict[str, Any]:
        """The cleaned values to hand to create_group, without the staff."""
        return {key: value for key, value in self.cleaned_data.items() if key not in NOT_FACTS}

    def changes(self) -> dict[str, Any]:
        """The facts the user changed on the edit form (the staff are handed on apart)."""
        changed = [name for name in self.changed_data if name not in NOT_FACTS]
        return {name: self.cleaned_data[name] for name in changed}


# Student numbers as people paste them: one a line, or separated by commas, semicolons or
# spaces (a column copied from a spreadsheet).
NUMBER_SEPARATORS = re.compile(r"[\s,;]+")


class AddMembersForm(forms.Form):
    """Students to add to a group: by student number, by class, or both."""

    student_numbers = forms.CharField(
        label=_("Student numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line, or separated by commas: a column copied from a spreadsheet will do."
        ),
    )
    class_name = forms.CharField(
        label=_("Or a whole class"), required=False, max_length=30,
        help_text=_("For example VZ3A: every student of the class is added."),
    )  # fmt: skip

    def __init__(self, *args: Any, students: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The students the user may add (access.visible_students, erased ones left out).
        self.students = students

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        numbers = [n for n in NUMBER_SEPARATORS.split(cleaned.get("student_numbers", "")) if n]
        class_name = cleaned.get("class_name", "").strip()
        if not numbers and not class_name:
            raise forms.ValidationError(_("Give student numbers or a class."))
        found = list(self.students.filter(student_number__in=numbers)) if numbers else []
        unknown = sorted(set(numbers) - {student.student_number for student in found})
        if unknown:
            self.add_error(
                "student_numbers",
                _("No student has this number: %(numbers)s") % {"numbers": ", ".join(unknown)},
            )
        if class_name:
            in_class = list(self.students.filter(class_name__iexact=class_name))
            if not in_class:
                self.add_error("class_name", _("No student is in this class."))
            found += in_class
        cleaned["students"] = sorted(
            {student.pk: student for student in found}.values(),
            key=lambda student: (student.last_name, student.first_name, student.pk),
        )
        return cleaned


class ConfirmForm(forms.Form):
    """A POST that only confirms (removing a member); nothing to fill in."""
