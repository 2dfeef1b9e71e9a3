"""Reading the colours out of a travel advice summary.

The open-data service has no colour field: the ministry names the colours in the summary
text (`introduction`, HTML), regional colours included. The least severe colour named is
the country's baseline, the most severe its worst regional colour (docs: reference.md).

A colour word counts only where the text says that a colour applies, not where it is part
of a place's name ("het Rode Plein", "de Rode Zee", "Oranjestad", "Groenland"):
- after a word that states it, perhaps with a few small words between: "is oranje",
  "geldt rood", "kleurcode: geel", "is nu code oranje";
- before a word for an area: "de rode zone", "in de oranje gebieden";
- at the end of a part of a sentence that states a colour earlier, as in a list: "Voor de
  Sinaï geldt oranje, voor het grensgebied met Libië rood." A capitalised word there is a
  name ("..., ook in Oranje.") and does not count.
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
# Words that say a colour applies: "het reisadvies is oranje", "geldt code rood".
STATES = frozenset(
    {"is", "zijn", "blijft", "blijven", "wordt", "worden", "werd", "geldt", "gelden",
     "code", "kleurcode", "kleur", "reisadvies", "advies"}
)  # fmt: skip
# Small words that may stand between such a word and its colour: "is nu weer oranje".
BETWEEN = frozenset(
    {"nu", "nog", "steeds", "ook", "weer", "opnieuw", "inmiddels", "voortaan", "sinds",
     "vandaag", "overal", "daar", "hier", "er", "verhoogd", "verlaagd", "gewijzigd",
     "aangepast", "naar", "in", "code", "kleurcode", "kleur"}
)  # fmt: skip
# Words for an area after a colour: "de rode zone".
AREAS = frozenset({"zone", "zones", "gebied", "gebieden", "deel", "delen", "regio", "regio's"})
# Where a sentence ends, and where a part of it (an item of a list) ends.
SENTENCE_END = frozenset(".;!?")
PART_END = frozenset(",:") | {"en", "maar"}

TOKEN = re.compile(r"[^\W\d_]+(?:'s)?|[.,;:!?]")


@dataclass(frozen=True)
class Colours:
    baseline: Colour
    worst: Colour


def parse_colours(summary: str) -> Colours | None:
    """The baseline and worst colour stated in the summary; None when it states none."""
    tokens = TOKEN.findall(unescape(strip_tags(summary or "")))
    named = {WORDS[tokens[i].lower()] for i in range(len(tokens)) if _states_colour(tokens, i)}
    if not named:
        return None
    return Colours(baseline=min(named), worst=max(named))


def _states_colour(tokens: list[str], index: int) -> bool:
    word = tokens[index]
    if word.lower() not in WORDS:
        return False
    return (
        _after_a_statement(tokens, index)
        or _next(tokens, index) in AREAS
        or (not word.istitle() and _ends_a_listed_part(tokens, index))
    )


def _after_a_statement(tokens: list[str], index: int) -> bool:
    """ "is oranje", "geldt nu code rood", "kleurcode: geel"; after small words between,
    a capitalised colour word is a name ("is in Rode Zee-gebied")."""
    for skipped, before in enumerate(reversed(tokens[max(0, index - 4) : index])):
        lowered = before.lower()
        if lowered in STATES:
            return skipped == 0 or not tokens[index].istitle()
        if lowered not in BETWEEN and before != ":":
            return False
    return False


def _ends_a_listed_part(tokens: list[str], index: int) -> bool:
    """The colour closes a part of a sentence that stated a colour before it."""
    if _next(tokens, index) not in PART_END | SENTENCE_END | {""}:
        return False
    for before in reversed(tokens[:index]):
        if before in SENTENCE_END:
            return False
        if before.lower() in STATES:
            return True
    return False


def _next(tokens: list[str], index: int) -> str:
    return tokens[index + 1].lower() if index + 1 < len(tokens) else ""
