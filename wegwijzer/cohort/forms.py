"""The form a coordinator writes a message to a cohort with."""

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wegwijzer.cohort.models import Audience
from wegwijzer.notifications.kinds import Kind
from wegwijzer.notifications.wording_forms import WordingForm


class CohortMessageForm(WordingForm):
    """Subject and body checked against the cohort kind's placeholders, to whom, in which
    language, and the token that makes a second post of the same form send nothing."""

    audience = forms.ChoiceField(
        label=_("Send to"), choices=Audience.choices, widget=forms.RadioSelect
    )
    language = forms.ChoiceField(
        label=_("Language of the message"),
        choices=settings.LANGUAGES,
        help_text=_("Everyone gets this one text; it is marked as written in this language."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    field_order = ["audience", "language", "subject", "body"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, kind=Kind.COHORT_MESSAGE, language=settings.LANGUAGE_CODE, **kwargs)
        del self.fields["version"]
        self.fields["body"].widget.attrs.pop("lang", None)
        self.fields["subject"].widget.attrs.pop("lang", None)

    @staticmethod
    def new_token() -> uuid.UUID:
        return uuid.uuid4()
