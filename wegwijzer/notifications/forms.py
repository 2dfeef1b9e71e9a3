from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import User
from wegwijzer.notifications import inbox
from wegwijzer.notifications.kinds import Delivery, Kind
from wegwijzer.notifications.models import DigestFrequency


class PreferencesForm(forms.Form):
    """One choice per kind of message the user can get, and the digest's frequency for
    staff. A safety kind is no field: it always comes at once, and a post that tries to
    switch it off or delay it is refused. The form carries the version of the choices it
    was made from."""

    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data: Any, *, user: User, current: dict[str, str]) -> None:
        super().__init__(data, initial={**current, "version": inbox.version_of(current)})
        self.user = user
        self.safety_kinds = [spec for spec in inbox.kinds_for(user) if spec.safety]
        # The digest is for staff; a student chooses between at once and off.
        offered = [
            (value, label)
            for value, label in Delivery.choices
            if value != Delivery.DIGEST or inbox.gets_digest(user)
        ]
        for spec in inbox.kinds_for(user):
            if not spec.safety:
                self.fields[spec.kind.value] = forms.ChoiceField(
                    label=spec.kind.label, choices=offered, widget=forms.RadioSelect
                )
        if inbox.gets_digest(user):
            self.fields[Kind.DIGEST.value] = forms.ChoiceField(
                label=_("Morning digest"), choices=DigestFrequency.choices, widget=forms.RadioSelect
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for spec in self.safety_kinds:
            posted = self.data.get(spec.kind.value)
            if posted and posted != Delivery.IMMEDIATELY:
                raise forms.ValidationError(
                    _("“%(kind)s” is about someone's safety: it always comes at once and "
                      "cannot be switched off.") % {"kind": spec.kind.label},
                    code="safety",
                )  # fmt: skip
        return cleaned

    def choices(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}
