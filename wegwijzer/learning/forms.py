from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.forms import DecimalInputField, NameField, SchoolDateField
from wegwijzer.documents.forms import DocumentField
from wegwijzer.learning.models import LearningGoal, Rating, Verdict
from wegwijzer.learning.services import RATINGS
from wegwijzer.programmes.models import AssessmentScale


class GoalForm(forms.Form):
    """A new goal (carrying how many goals the page showed) or a change of one (its version)."""

    goal = forms.CharField(
        label=LearningGoal._meta.get_field("goal").verbose_name.capitalize(), max_length=300
    )
    tasks = forms.CharField(
        label=_("Tasks and learning outcomes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=LearningGoal._meta.get_field("tasks").help_text,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReviewForm(forms.Form):
    """The guide's questions during the stay: are the goals reached, do they need adjusting,
    is a new plan needed? And are the assignments done, assessed and passed?"""

    reviewed_on = SchoolDateField(label=_("Date of the review"))
    verdict = forms.ChoiceField(
        label=_("Are the goals being reached?"), choices=Verdict.choices, widget=forms.RadioSelect
    )
    assignments_done = forms.IntegerField(label=_("Assignments done"), min_value=0, max_value=999)
    assignments_assessed = forms.IntegerField(
        label=_("Assignments assessed"), min_value=0, max_value=999
    )
    assignments_passed = forms.IntegerField(
        label=_("Assignments passed"), min_value=0, max_value=999
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was agreed: adjusted goals, a new plan, what comes next."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        done = data.get("assignments_done")
        assessed = data.get("assignments_assessed")
        passed = data.get("assignments_passed")
        if None not in (done, assessed, passed) and not passed <= assessed <= done:  # type: ignore[operator]
            raise forms.ValidationError(
                _("More assignments passed than assessed, or assessed than done: check the counts.")
            )
        return data


# What the form hands to services.record_review.
REVIEW_FIELDS = [name for name in ReviewForm.base_fields if name != "version"]


class ReflectionForm(forms.Form):
    what_happened = forms.CharField(
        label=_("1. What did I do and experience?"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    what_learned = forms.CharField(
        label=_("2. What did I learn?"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    what_next = forms.CharField(
        label=_("3. What will I do with what I learned, and with my learning wishes?"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    document = DocumentField(label=_("Presentation or portfolio (optional)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    ANSWERS = ("what_happened", "what_learned", "what_next")

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.ANSWERS}


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your response to the reflection"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VersionForm(forms.Form):
    """A button that changes a row: it carries the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssessmentForm(forms.Form):
    """The result on the programme's scale: a grade ("7,5" or "7.5") or a word."""

    grade = DecimalInputField(
        label=_("Grade"),
        max_digits=3,
        decimal_places=1,
        min_value=1,
        max_value=10,
        help_text=_("From 1 to 10, with at most one decimal, e.g. 7,5."),
    )
    rating = forms.ChoiceField(label=_("Result"), widget=forms.RadioSelect)
    assessor = NameField(
        label=_("Assessed by"), max_length=200, help_text=_("Who assessed the placement.")
    )
    assessed_on = SchoolDateField(label=_("Assessed on"))
    counts_for = forms.CharField(
        label=_("Counts for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which parts of the programme, e.g. BPV period 2, elective Internationaal II."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, scale: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scale == AssessmentScale.GRADE:
            del self.fields["rating"]
        else:
            del self.fields["grade"]
            field = self.fields["rating"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
            field.choices = [(value, Rating(value).label) for value in RATINGS[scale]]

    def result(self) -> dict[str, Any]:
        return {
            "grade": self.cleaned_data.get("grade"),
            "rating": self.cleaned_data.get("rating", ""),
            "assessor": self.cleaned_data["assessor"],
            "assessed_on": self.cleaned_data["assessed_on"],
            "counts_for": self.cleaned_data["counts_for"],
        }
