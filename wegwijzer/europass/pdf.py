"""The Europass Mobility as a PDF, made once when it is issued.

In English: the Europass is a European document, read by employers and schools abroad; the
school's details come from the settings. Made the way the emergency card is
(whereabouts/card.py): a template, a static stylesheet and WeasyPrint, fetching nothing.
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django_countries import countries

from wegwijzer.europass.models import EuropassMobility
from wegwijzer.whereabouts.card import write_pdf

STYLESHEET = "europass/europass_pdf.css"


def filename(europass: EuropassMobility) -> str:
    """The download's name: the Europass's opaque id, no name or place."""
    return f"europass-mobility-{europass.public_id}.pdf"


def render(europass: EuropassMobility, *, issued: datetime.datetime) -> bytes:
    with translation.override("en"):
        html = render_to_string(
            "europass/europass_pdf.html",
            {
                "europass": europass,
                "host_country": countries.name(europass.host_country),
                "issued": issued,
                "school_name": settings.SCHOOL_NAME,
                "school_identifier": settings.SCHOOL_LEGAL_IDENTIFIER,
                "school_city": settings.SCHOOL_CITY.split(",")[0],
            },
        )
        return write_pdf(html, stylesheet=STYLESHEET)
