"""The emergency card: one A4 page per mobility, in Dutch and in English, as a PDF.

Each half is the same template rendered in its own language. What is missing shows as a
gap to fill in by hand, never left out, so nobody mistakes an empty spot for "none".
"""

import functools
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from wegwijzer.mobilities.models import Mobility
from wegwijzer.whereabouts.facts import MINISTRY_CONTACT_CENTRE, country_facts

LANGUAGES = ("nl", "en")
STYLESHEET = "whereabouts/emergency_card.css"


def card_filename(mobility: Mobility) -> str:
    """The download's name: the mobility's opaque id, no name or place."""
    return f"noodkaart-{mobility.public_id}.pdf"


def card_html(mobility: Mobility) -> str:
    code = str(mobility.destination_country)
    context = {
        "mobility": mobility,
        "student": mobility.student,
        "host": mobility.host_company,
        "supervisor": mobility.supervisor,
        "emergency_contacts": list(mobility.student.emergency_contacts.all()),
        "facts": country_facts({code})[code],
        "school_phone": settings.SCHOOL_EMERGENCY_PHONE,
        "school_email": settings.SCHOOL_EMERGENCY_EMAIL,
        "ministry_phone": MINISTRY_CONTACT_CENTRE,
    }
    halves, titles = [], []
    for language in LANGUAGES:
        with translation.override(language):
            halves.append(render_to_string("whereabouts/emergency_card_half.html", context))
            titles.append(gettext("Emergency card"))
    page = {"halves": halves, "title": " · ".join(titles)}
    return render_to_string("whereabouts/emergency_card.html", page)


def render_card(mobility: Mobility) -> bytes:
    """The card as PDF bytes. Fonts are the system's; its style comes from the static file.
    Nothing is fetched: the page refers to no image or stylesheet, and should a typed-in
    value ever make it try, the fetcher allows no protocol at all."""
    return write_pdf(card_html(mobility), stylesheet=STYLESHEET)


def write_pdf(html: str, *, stylesheet: str) -> bytes:
    """A page of HTML and a static stylesheet as PDF bytes, fetching nothing (the emergency
    card, the budget and the Europass are all made so). WeasyPrint is imported here, when a
    PDF is asked for: importing it takes a second, which every manage.py command and the
    URL check would otherwise pay."""
    import weasyprint

    css = weasyprint.CSS(filename=finders.find(stylesheet))
    page = weasyprint.HTML(string=html, url_fetcher=nothing_fetched())
    return bytes(page.write_pdf(stylesheets=[css]))


@functools.cache
def nothing_fetched() -> Any:
    """A URL fetcher that allows no protocol at all."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=())
