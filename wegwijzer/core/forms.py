import datetime
import re
from decimal import Decimal, DecimalException
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.core.validators import strip_invisible, validate_visible_name


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)  # type: ignore[arg-type]


class Select(forms.Select):
    """A select of many options (countries, school years): Django's, with each option
    written in place instead of included (core/widgets/select.html); the same HTML."""

    template_name = "core/widgets/select.html"


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


# What may be typed as an amount: digits, separators, a sign; spaces and "€" are dropped.
AMOUNT_CHARACTERS = re.compile(r"[+-]?[\d.,]+")
SPACES = str.maketrans("", "", " \u00a0\u202f€")


def decimal_text(typed: str) -> str | None:
    """A typed amount in Python's notation, or None when it is no amount. Dutch and English
    both work, whatever the page's language: "1,5", "1.234,50", "1234.50", "1,234.50",
    "€ 1 234,50". One comma or one dot is the decimal sign; with both, the last one is; a
    repeated one groups thousands ("1.234.567"). "1.234" is one point two three four."""
    value = typed.translate(SPACES)
    if not AMOUNT_CHARACTERS.fullmatch(value):
        return None
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        decimal: str | None = "," if value.rfind(",") > value.rfind(".") else "."
    elif commas == 1 or dots == 1:
        decimal = "," if commas else "."
    else:
        decimal = None
    grouping = "." if decimal == "," else "," if decimal == "." else ("," if commas else ".")
    whole, fraction = value.rsplit(decimal, 1) if decimal else (value, None)
    if grouping in whole:
        groups = whole.lstrip("+-").split(grouping)
        if not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
            return None
        whole = whole.replace(grouping, "")
    if fraction is not None and not fraction:
        return None
    return whole if fraction is None else f"{whole}.{fraction}"


class DecimalInputField(forms.DecimalField):
    """Every amount of money (and any other decimal) typed in a form: the Dutch and the
    English way alike (see decimal_text), shown back in the page's language ("1232,80"),
    in a text box that opens a phone's number keyboard."""

    default_error_messages = {"invalid": gettext_lazy("Enter an amount, e.g. 1234,50 or 1.234,50.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs["localize"] = True
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = decimal_text(str(value))
        try:
            if text is None:
                raise DecimalException
            return Decimal(text)
        except DecimalException:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
