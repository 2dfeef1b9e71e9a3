"""What the who-is-where list and the emergency card need to know about a country.

Every country fact comes through country_facts(), which reads the travel app (travel
advice colours, local emergency numbers, the official advice) once per request.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.countries import country_name
from wegwijzer.travel.services import MINISTRY_CONTACT_CENTRE, facts_for

__all__ = ["MINISTRY_CONTACT_CENTRE", "CountryFacts", "country_facts"]

# The ministry's public page per country: its travel advice and its embassy and consulates
# with their addresses and emergency numbers. The open data's nl-representation records
# hold the same; linking the page keeps the card right when an embassy moves.
EMBASSY_PAGE = "https://www.nederlandwereldwijd.nl/landen/{slug}"

# The filter's value for a country whose colour is not known.
UNKNOWN = "unknown"


class Colour(models.TextChoices):
    """The Dutch travel advice's colours, least severe first."""

    GREEN = "green", _("green: no special security risks")
    YELLOW = "yellow", _("yellow: security risks, take care")
    ORANGE = "orange", _("orange: only essential travel")
    RED = "red", _("red: do not travel")


@dataclass(frozen=True)
class CountryFacts:
    """What is known about one country; None is a gap, shown as "not known yet"."""

    colour: str | None = None
    emergency_number: str | None = None
    advice_url: str | None = None
    embassy_url: str | None = None

    @property
    def colour_label(self) -> str:
        """The colour in the active language, so each half of the bilingual card has its own."""
        if self.colour in Colour.values:
            return str(Colour(self.colour).label)
        return gettext("not known yet")

    @property
    def colour_key(self) -> str:
        """The colour as the filter and the page's colour marks name it."""
        return self.colour if self.colour in Colour.values else UNKNOWN


def country_facts(codes: set[str]) -> dict[str, CountryFacts]:
    """The facts of each country, by ISO 3166-1 alpha-2 code; every code gets an entry.

    The travel app keeps the advice colour (the one that counts: a colour set by hand
    until the next official change), the local emergency number and the official page;
    what it does not know stays None, shown on the list and the card as a gap.
    One query, however many countries.
    """
    travel = facts_for(codes)
    facts = {}
    for code in codes:
        known = travel.get(str(code).upper())
        facts[code] = CountryFacts(
            colour=known.colour.name.lower() if known and known.colour else None,
            emergency_number=(known.emergency_number or None) if known else None,
            advice_url=(known.advice_url or None) if known else None,
            embassy_url=embassy_url(code),
        )
    return facts


# Where the ministry's page is not named after the country's full Dutch name.
EMBASSY_SLUGS = {"US": "verenigde-staten"}


def embassy_url(code: str) -> str:
    """The ministry's page for the country, named by its Dutch name ("Spanje" → spanje)."""
    with translation.override("nl"):
        name = country_name(code)
    return EMBASSY_PAGE.format(slug=EMBASSY_SLUGS.get(code, slugify(name)))
