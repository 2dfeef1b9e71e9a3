"""Forms of the coordinator's account pages."""

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import Role, User
from wegwijzer.students.models import Student

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role != Role.STUDENT]


class AccountSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, username or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )

    def filter(self, accounts: QuerySet[User]) -> QuerySet[User]:
        if not self.is_valid():
            return accounts
        if role := self.cleaned_data["role"]:
            accounts = accounts.filter(role=role)
        for word in self.cleaned_data["q"].split():
            accounts = accounts.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
        return accounts


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The invitation goes here; it is also the username.")
    )
    # No role is chosen beforehand: inviting a coordinator by accident gives away everything.
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Choose a role")), *Role.choices])
    student = forms.ModelChoiceField(
        label=_("Student record"),
        queryset=Student.objects.none(),
        required=False,
        empty_label=_("None: a staff account"),
        to_field_name="public_id",
        help_text=_("For a student account: the student it belongs to."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only students without an account can get one.
        field = cast(forms.ModelChoiceField, self.fields["student"])
        field.queryset = (
            Student.objects.not_erased().filter(user=None).order_by("last_name", "first_name")
        )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(_("There is an account with this e-mail address already."))
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role, student = cleaned.get("role"), cleaned.get("student")
        if role == Role.STUDENT and student is None:
            self.add_error("student", _("Choose the student this account belongs to."))
        if role and role != Role.STUDENT and student is not None:
            self.add_error("student", _("Only a student account belongs to a student record."))
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("A work number; the emergency card of each stay they supervise shows it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
