import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.core.forms import DateInput, NameField, SchoolDateField
from wegwijzer.students.models import (
    AbroadInterest,
    EmergencyContact,
    Guardian,
    Student,
    StudentQuerySet,
)
from wegwijzer.students.services import PeopleChanges

PEOPLE_FIELDS = ["name", "relationship", "email", "phone"]


class StudentSearchForm(forms.Form):
    """The search and filters above the list of students; every field may stay empty.

    Programmes and mentors are typed, not chosen from a list: a school group has hundreds
    of each, too many for a dropdown.
    """

    q = forms.CharField(label=_("Name or student number"), required=False)
    programme = forms.CharField(label=_("Programme (name or crebo code)"), required=False)
    mentor = forms.CharField(label=_("Mentor's name"), required=False)
    class_name = forms.CharField(label=_("Class"), required=False, max_length=30)

    def filter(self, students: StudentQuerySet) -> StudentQuerySet:
        if not self.is_valid():
            return students
        if programme := self.cleaned_data["programme"].strip():
            students = students.filter(
                Q(programme__name__icontains=programme) | Q(programme__qualification_code=programme)
            )
        if class_name := self.cleaned_data["class_name"].strip():
            students = students.filter(class_name__iexact=class_name)
        for word in self.cleaned_data["mentor"].split():
            students = students.filter(
                Q(mentor__first_name__icontains=word) | Q(mentor__last_name__icontains=word)
            )
        return students.search(self.cleaned_data["q"])


class StudentForm(forms.ModelForm):
    # The edit form carries the version of the student it was made from (StaleStudentError).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Student
        fields = [
            "first_name", "last_name", "student_number", "date_of_birth", "programme",
            "year", "class_name", "mentor", "email", "phone", "user",
            "medical_notes", "passport_number", "passport_expiry", "health_insurer",
            "insurance_number",
        ]  # fmt: skip
        field_classes = {
            "first_name": NameField, "last_name": NameField,
            "date_of_birth": SchoolDateField, "passport_expiry": SchoolDateField,
        }  # fmt: skip
        widgets = {
            "date_of_birth": DateInput(),
            "passport_expiry": DateInput(),
            "medical_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
        mentor = cast(forms.ModelChoiceField, self.fields["mentor"])
        mentor.queryset = User.objects.filter(role=Role.MENTOR)
        # Only a student account that belongs to no other student can be linked.
        account = cast(forms.ModelChoiceField, self.fields["user"])
        account.queryset = User.objects.filter(role=Role.STUDENT).filter(
            Q(student=None) | Q(student__pk=self.instance.pk)
        )
        account.help_text = _("The login of the student, when they have one.")

    def facts(self) -> dict[str, Any]:
        """The cleaned values to hand to the services, without the version."""
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}

    def clean_date_of_birth(self) -> datetime.date:
        born: datetime.date = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return born


class PeopleFormSet(forms.BaseInlineFormSet):
    """Guardians or emergency contacts of a student, handed to the services as changes."""

    def changes(self) -> PeopleChanges:
        changes = PeopleChanges()
        for form in self.forms:
            person = form.instance
            if form in self.deleted_forms:
                if person.pk:
                    changes.removed.append(person)
            elif person.pk and form.has_changed():
                changes.changed.append((person, _values(form)))
            elif not person.pk and form.has_changed():
                changes.added.append(_values(form))
        return changes


def _values(form: forms.BaseForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in PEOPLE_FIELDS}


GuardianFormSet = cast(
    type[PeopleFormSet],
    forms.inlineformset_factory(
        Student,
        Guardian,
        formset=PeopleFormSet,
        fields=PEOPLE_FIELDS,
        extra=1,
        can_delete=True,
        field_classes={"name": NameField},
    ),
)
EmergencyContactFormSet = cast(
    type[PeopleFormSet],
    forms.inlineformset_factory(
        Student,
        EmergencyContact,
        formset=PeopleFormSet,
        fields=PEOPLE_FIELDS,
        extra=1,
        can_delete=True,
        field_classes={"name": NameField},
    ),
)


def student_forms(data: Any, student: Student) -> tuple[StudentForm, PeopleFormSet, PeopleFormSet]:
    """The student's form with the formsets of guardians and emergency contacts."""
    return (
        StudentForm(data, instance=student),
        GuardianFormSet(data, instance=student),
        EmergencyContactFormSet(data, instance=student),
    )


def all_valid(*forms: StudentForm | PeopleFormSet) -> bool:
    """Validate every form, so each shows its errors, not only the first invalid one."""
    results = [form.is_valid() for form in forms]
    return all(results)


class StudentVersionForm(forms.Form):
    """A small form on a student that carries the version it was made from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AbroadInterestForm(StudentVersionForm):
    """The mentor's note whether the student thinks of going abroad."""

    abroad_interest = forms.ChoiceField(
        label=_("Interest in going abroad"), choices=AbroadInterest.choices, required=False
    )


class MedicalOnCardForm(StudentVersionForm):
    """The student's consent to have their medical notes on their emergency card."""

    medical_on_card = forms.BooleanField(
        label=_("Print my medical notes on my emergency card"),
        required=False,
        help_text=_(
            "Whoever helps you abroad in an emergency then reads your allergies and "
            "medication. You can turn this off at any time."
        ),
    )
