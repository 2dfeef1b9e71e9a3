"""The forms of the signing page: sign with a typed name, or refuse with a reason."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.agreements.models import Kind


class SignForm(forms.Form):
    """Both hidden fields say what the page showed: the version and the document's hash."""

    typed_name = forms.CharField(
        label=_("Your full name"), max_length=150, strip=True,
        error_messages={"required": _("Type your full name to sign.")},
    )  # fmt: skip
    agree = forms.BooleanField(
        label=_("I have read the agreement and I agree to it."),
        error_messages={"required": _("Tick “I agree” to sign.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    document = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RefuseForm(forms.Form):
    # Beside the sign form on one page: its fields' ids differ.
    auto_id = "refuse_%s"

    reason = forms.CharField(
        label=_("Why do you refuse to sign?"), max_length=2000, strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you refuse to sign.")},
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", self.auto_id)
        super().__init__(*args, **kwargs)


class SendForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
