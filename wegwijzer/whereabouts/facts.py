"""What the who-is-where list and the emergency card need to know about a country.

Every country fact comes through country_facts(), so that the travel app (travel advice
colours, local emergency numbers, the official advice) takes its place at this one spot.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.countries import country_name

# The ministry's public page per country: its travel advice and its embassy and consulates
# with their addresses and emergency numbers. The open data's nl-representation records
# hold the same; linking the page keeps the card right when an embassy moves.
EMBASSY_PAGE = "https://www.nederlandwereldwijd.nl/landen/{slug}"

# The ministry's 24/7 contact centre for Dutch travellers in need (reference.md).
MINISTRY_CONTACT_CENTRE = "+31 247 247 247"

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

    REPLACED BY wegwijzer.travel AT MERGE: the travel app keeps each country's travel
    advice colour (green/yellow/orange/red; its worst colour for the country), the local
    emergency number and the official advice URL. Until it is merged those are None,
    shown on the list and the card as a gap. Keep this one signature: the list, its
    colour filter, the exports and the card all call it, once per request.
    """
    return {code: CountryFacts(embassy_url=embassy_url(code)) for code in codes}


# Where the ministry's page is not named after the country's full Dutch name.
EMBASSY_SLUGS = {"US": "verenigde-staten"}


def embassy_url(code: str) -> str:
    """The ministry's page for the country, named by its Dutch name ("Spanje" → spanje)."""
    with translation.override("nl"):
        name = country_name(code)
    return EMBASSY_PAGE.format(slug=EMBASSY_SLUGS.get(code, slugify(name)))
