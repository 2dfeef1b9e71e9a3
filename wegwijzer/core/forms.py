import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _

from wegwijzer.core.validators import strip_invisible, validate_visible_name


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


# The years a date of the school's may fall in: a date of birth, a stay, a payment. Outside
# them a typing error (9999-12-31) would overflow the date sums made with it.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def validate_school_year_range(value: datetime.date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="out_of_range",
        )


class SchoolDateField(forms.DateField):
    """Every date field of Wegwijzer's forms: the browser's date picker, and a year between
    FIRST_YEAR and LAST_YEAR, refused with a message instead of an error further on."""

    widget = DateInput
    default_validators = [validate_school_year_range]


def show_stored_version(form: forms.BaseForm, version: int) -> None:
    """After a stale save: the form keeps the user's input but carries the stored version,
    so saving it again (after reading the message) is a choice, not an accident."""
    data = cast(QueryDict, form.data).copy()
    data[form.add_prefix("version")] = str(version)
    form.data = data


class NameField(forms.CharField):
    """A person's or a company's name: refused when it is only spaces or invisible
    characters (a zero-width space), and saved without them at its start and end."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            validate_visible_name(value)
            value = strip_invisible(value)
        return super().to_python(value)
