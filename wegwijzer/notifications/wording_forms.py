"""The form a coordinator words a kind of message with."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.notifications import rendering
from wegwijzer.notifications.kinds import SPECS
from wegwijzer.notifications.models import MessageTemplate
from wegwijzer.notifications.wording_services import ONE_LINE

SUBJECT_LENGTH = MessageTemplate._meta.get_field("subject").max_length


class WordingForm(forms.Form):
    """Subject and body of one kind in one language, each checked against the kind's
    placeholders; the version of the row it was made from rides along (wording_services)."""

    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_LENGTH)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 14}))
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kind: str, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = SPECS[kind].allowed
        # The texts are in the language being worded, which may not be the page's.
        for name in ("subject", "body"):
            self.fields[name].widget.attrs.update({"lang": language, "spellcheck": "true"})

    def clean_subject(self) -> str:
        subject: str = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(ONE_LINE, code="newline")
        return self._checked(subject)

    def clean_body(self) -> str:
        # A browser sends a text area's lines with "\r\n"; the defaults have "\n".
        return self._checked(self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n"))

    def _checked(self, text: str) -> str:
        try:
            rendering.check(text, self.allowed)
        except rendering.PlaceholderError as error:
            raise forms.ValidationError(str(error), code="placeholder") from None
        return text


class ResetForm(forms.Form):
    """The confirmation of a reset, with the version of the row it was shown for."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
