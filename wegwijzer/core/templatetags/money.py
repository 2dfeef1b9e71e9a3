from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def euro(amount: Decimal | int | None) -> str:
    """An amount of money as the reader writes it: €1,234.50 in English, €1.234,50 in Dutch.
    A negative one starts with a real minus sign (U+2212), which a screen reader reads as
    "minus"; None shows as nothing."""
    if amount is None:
        return ""
    digits = floatformat(abs(amount), "2g")
    return f"\N{MINUS SIGN}€{digits}" if amount < 0 else f"€{digits}"
