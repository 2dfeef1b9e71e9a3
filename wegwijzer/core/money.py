"""Money as Decimal: no amount is ever a float."""

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """The amount rounded to the cent, half up, as a bank rounds it."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)
