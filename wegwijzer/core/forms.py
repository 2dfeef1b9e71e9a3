from typing import cast

from django import forms
from django.http import QueryDict


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


def show_stored_version(form: forms.BaseForm, version: int) -> None:
    """After a stale save: the form keeps the user's input but carries the stored version,
    so saving it again (after reading the message) is a choice, not an accident."""
    data = cast(QueryDict, form.data).copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data
