from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.countries import country_name
from wegwijzer.core.forms import NameField
from wegwijzer.hosts.models import HostCompany


class HostSearchForm(forms.Form):
    """The search and filter above the list of host companies; every field may stay empty."""

    q = forms.CharField(label=_("Name or city"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the countries that have host companies are worth filtering on.
        codes = HostCompany.objects.order_by().values_list("country", flat=True).distinct()
        choices = sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])
        country = cast(forms.ChoiceField, self.fields["country"])
        country.choices = [("", _("All countries")), *choices]

    def filter(self, hosts: QuerySet[HostCompany]) -> QuerySet[HostCompany]:
        if not self.is_valid():
            return hosts
        if country := self.cleaned_data["country"]:
            hosts = hosts.filter(country=country)
        for word in self.cleaned_data["q"].split():
            hosts = hosts.filter(Q(name__icontains=word) | Q(city__icontains=word))
        return hosts


class HostCompanyForm(forms.ModelForm):
    class Meta:
        model = HostCompany
        fields = [
            "name", "country", "city", "sector", "contact_name", "contact_email",
            "contact_phone", "recognised", "recognised_for", "welcomes_students",
        ]  # fmt: skip
        field_classes = {"name": NameField, "contact_name": NameField}
        widgets = {"recognised_for": forms.CheckboxSelectMultiple}
