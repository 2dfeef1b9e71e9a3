from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.students.models import Student


class EraseForm(forms.Form):
    """Typing the student number confirms the erasure of exactly this student."""

    student_number = forms.CharField(label=_("Student number"), max_length=20)

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.student = student

    def clean_student_number(self) -> str:
        typed: str = self.cleaned_data["student_number"].strip()
        if typed != self.student.student_number:
            raise forms.ValidationError(_("That is not this student's number. Nothing was erased."))
        return typed
