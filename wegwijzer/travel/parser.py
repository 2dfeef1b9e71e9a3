"""Reading the colours out of a travel advice summary.

The open-data service has no colour field: the ministry names the colours in the summary
text (`introduction`, HTML), regional colours included. The least severe colour named is
the country's baseline, the most severe its worst regional colour (docs: reference.md).
"""

import re
from dataclasses import dataclass
from html import unescape

from django.utils.html import strip_tags

from wegwijzer.travel.models import Colour

# Dutch colour words as the summaries use them, inflected forms included ("de rode zone").
WORDS = {
    "groen": Colour.GREEN,
    "groene": Colour.GREEN,
    "geel": Colour.YELLOW,
    "gele": Colour.YELLOW,
    "oranje": Colour.ORANGE,
    "rood": Colour.RED,
    "rode": Colour.RED,
}
PATTERN = re.compile(r"\b(" + "|".join(WORDS) + r")\b")


@dataclass(frozen=True)
class Colours:
    baseline: Colour
    worst: Colour


def parse_colours(summary: str) -> Colours | None:
    """The baseline and worst colour named in the summary; None when it names none."""
    text = unescape(strip_tags(summary or "")).lower()
    named = {WORDS[word] for word in PATTERN.findall(text)}
    if not named:
        return None
    return Colours(baseline=min(named), worst=max(named))
