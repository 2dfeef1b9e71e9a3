"""Checks on text people type that more than one app needs."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Spaces of every kind (NBSP included), control characters, and format characters such as
# the zero-width space (U+200B), (non-)joiners (U+200C, U+200D), the word joiner (U+2060)
# and the byte order mark (U+FEFF): they show nothing.
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})


def is_invisible(character: str) -> bool:
    return character.isspace() or unicodedata.category(character) in INVISIBLE_CATEGORIES


def strip_invisible(text: str) -> str:
    """The text without invisible characters at its start and end."""
    start, end = 0, len(text)
    while start < end and is_invisible(text[start]):
        start += 1
    while end > start and is_invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def validate_visible_name(text: str) -> None:
    """A name must show something: only spaces or invisible characters is no name."""
    if text and not strip_invisible(text):
        raise ValidationError(
            _("Enter a name with letters: spaces or invisible characters alone are no name."),
            code="invisible",
        )
