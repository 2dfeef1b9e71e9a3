"""Amounts of money as the reader writes them."""

from decimal import Decimal

import pytest
from django.utils import translation

from wegwijzer.core.templatetags.money import euro


@pytest.mark.parametrize(
    ("language", "amount", "shown"),
    [
        ("en", Decimal("5867"), "€5,867.00"),
        ("nl", Decimal("5867"), "€5.867,00"),
        ("en", Decimal("250000.5"), "€250,000.50"),
        ("nl", Decimal("0.00"), "€0,00"),
        ("en", Decimal("-723"), "\N{MINUS SIGN}€723.00"),
        ("en", 309, "€309.00"),
    ],
)
def test_euro_groups_thousands_and_decimals_as_the_language_does(language, amount, shown):
    with translation.override(language):
        assert euro(amount) == shown


def test_euro_of_nothing_is_empty():
    assert euro(None) == ""
