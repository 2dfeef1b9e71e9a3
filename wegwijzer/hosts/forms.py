from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.countries import country_name
from wegwijzer.core.distinct import distinct_values
from wegwijzer.core.forms import NameField, SchoolDateField
from wegwijzer.hosts.models import HostCompany, HostContact, HostRecognition, HostReview


class HostSearchForm(forms.Form):
    """The search and filters above the list of host companies; every field may stay empty.

    They are GET parameters, so a filtered list is an address to keep or share.
    """

    q = forms.CharField(label=_("Name or city"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    # Typed, not chosen: sectors are free text, a school group has hundreds.
    sector = forms.CharField(label=_("Sector"), required=False)
    welcomes = forms.ChoiceField(
        label=_("Welcomes more students"),
        required=False,
        choices=[("", _("All host companies")), ("yes", _("yes")), ("no", _("no"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the countries that have host companies are worth filtering on: read from
        # the index of the countries, a probe per country (not a read of every company).
        codes = distinct_values(HostCompany, "country")
        choices = sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])
        country = cast(forms.ChoiceField, self.fields["country"])
        country.choices = [("", _("All countries")), *choices]

    def filter(self, hosts: QuerySet[HostCompany]) -> QuerySet[HostCompany]:
        if not self.is_valid():
            return hosts
        if country := self.cleaned_data["country"]:
            hosts = hosts.filter(country=country)
        if sector := self.cleaned_data["sector"].strip():
            hosts = hosts.filter(sector__icontains=sector)
        if welcomes := self.cleaned_data["welcomes"]:
            hosts = hosts.filter(welcomes_students=welcomes == "yes")
        for word in self.cleaned_data["q"].split():
            hosts = hosts.filter(Q(name__icontains=word) | Q(city__icontains=word))
        return hosts


class HostCompanyForm(forms.ModelForm):
    class Meta:
        model = HostCompany
        fields = [
            "name", "country", "city", "sector", "contact_name", "contact_email",
            "contact_phone", "welcomes_students",
        ]  # fmt: skip
        field_classes = {"name": NameField, "contact_name": NameField}


class HostContactForm(forms.ModelForm):
    """Add or change one more contact; a change carries the version it was made from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HostContact
        fields = ["name", "role", "email", "phone"]
        field_classes = {"name": NameField}
        help_texts = {"role": _("For example practical trainer.")}


class HostRecognitionForm(forms.ModelForm):
    """A programme the company is recognised for (erkend leerbedrijf), with SBB's number."""

    valid_until = SchoolDateField(label=_("Valid until"), required=False)

    class Meta:
        model = HostRecognition
        fields = ["programme", "sbb_number", "valid_until"]

    def __init__(self, *args: Any, host: HostCompany, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.host = host
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = programme.queryset.exclude(host_recognitions__host=host)  # type: ignore[union-attr]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.instance.host = self.host
        return cleaned


class HostReviewForm(forms.ModelForm):
    """The student's short view of the host company, back home."""

    rating = forms.TypedChoiceField(
        label=_("How was your host company?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is very good, 1 is very poor."),
    )
    recommends = forms.TypedChoiceField(
        label=_("Would you recommend it to other students?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HostReview
        fields = ["rating", "recommends", "comment"]
